/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationFinding.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings of one file check, listing at most {@link DatasetValidator#MAX_FINDINGS_PER_CATEGORY}
 * per category; one more finding (line 0) per category says how many were left out. Not thread-safe.
 */
final class FindingCollector {
    private final List<ValidationFinding> findings = new ArrayList<>();
    private final Map<String, long[]> perCategory = new HashMap<>();
    private final Map<String, Severity> severities = new HashMap<>();

    void add(long line, String category, Severity severity, String message) {
        long[] count = perCategory.computeIfAbsent(category, k -> new long[1]);
        count[0]++;
        severities.putIfAbsent(category, severity);
        if (count[0] <= DatasetValidator.MAX_FINDINGS_PER_CATEGORY) {
            findings.add(new ValidationFinding(line, category, severity, message));
        }
    }

    List<ValidationFinding> findings() {
        List<ValidationFinding> all = new ArrayList<>(findings);
        perCategory.entrySet().stream()
            .filter(e -> e.getValue()[0] > DatasetValidator.MAX_FINDINGS_PER_CATEGORY)
            .sorted(Map.Entry.comparingByKey())
            .forEach(e -> all.add(new ValidationFinding(0, e.getKey(), severities.get(e.getKey()),
                (e.getValue()[0] - DatasetValidator.MAX_FINDINGS_PER_CATEGORY)
                    + " more finding(s) of this category not listed")));
        return all;
    }
}
