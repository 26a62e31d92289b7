/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.core.internal.Normalizers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares predictions with ground truth item by item. Each item is judged on the task's fields
 * that its truth item sets; a {@code null} prediction (a failed call) is wrong on every field.
 */
final class AccuracyCalculator {
    static final int MAX_MISMATCH_EXAMPLES = 10;

    /** An accuracy report plus which items were exactly right. */
    record Outcome(AccuracyReport report, boolean[] exact) {
    }

    private AccuracyCalculator() {
    }

    /** Checks the inputs of an evaluation without computing it. */
    static void validate(List<String> taskFields, String predictionsName, List<Map<String, Object>> predictions,
        List<Map<String, Object>> truth) {
        Objects.requireNonNull(predictions, predictionsName);
        Objects.requireNonNull(truth, "truth");
        if (truth.isEmpty()) {
            throw new InvalidInputException("truth", "is empty: nothing to evaluate");
        }
        if (predictions.size() != truth.size()) {
            throw new InvalidInputException(predictionsName, "has " + predictions.size()
                + " items but truth has " + truth.size() + "; they must pair up item by item");
        }
        Set<String> known = Set.copyOf(taskFields);
        for (int i = 0; i < truth.size(); i++) {
            Map<String, Object> t = truth.get(i);
            if (t == null) {
                throw new InvalidInputException("truth[" + i + "]", "is null");
            }
            boolean any = false;
            for (Map.Entry<String, Object> e : t.entrySet()) {
                if (!known.contains(e.getKey())) {
                    throw new InvalidInputException("truth[" + i + "]." + e.getKey(),
                        "unknown field '" + e.getKey() + "' (known: " + taskFields + ")");
                }
                any |= Normalizers.asText(e.getValue()) != null;
            }
            if (!any) {
                throw new InvalidInputException("truth[" + i + "]", "sets none of the fields " + taskFields);
            }
        }
    }

    static Outcome compute(List<String> taskFields, FieldComparators comparators, List<Map<String, Object>> predictions,
        List<Map<String, Object>> truth) {
        Set<String> present = new LinkedHashSet<>();
        for (String f : taskFields) {
            for (Map<String, Object> t : truth) {
                if (Normalizers.asText(t.get(f)) != null) {
                    present.add(f);
                    break;
                }
            }
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String f : present) {
            counts.put(f, new long[2]);
        }
        boolean[] exact = new boolean[truth.size()];
        long exactCount = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            Map<String, Object> t = truth.get(i);
            Map<String, Object> p = predictions.get(i);
            boolean all = true;
            for (String f : present) {
                Object expected = t.get(f);
                if (Normalizers.asText(expected) == null) {
                    continue;
                }
                Object predicted = p == null ? null : p.get(f);
                boolean ok = p != null && comparators.matches(f, predicted, expected);
                long[] c = counts.get(f);
                c[1]++;
                if (ok) {
                    c[0]++;
                } else {
                    all = false;
                    if (mismatches.size() < MAX_MISMATCH_EXAMPLES) {
                        mismatches.add("item " + i + " " + f + ": "
                            + (p == null ? "no prediction (failed call)" : "predicted '" + Normalizers.asText(predicted) + "'")
                            + ", expected '" + Normalizers.asText(expected) + "'");
                    }
                }
            }
            exact[i] = all;
            if (all) {
                exactCount++;
            }
        }
        Map<String, Proportion> fields = new LinkedHashMap<>();
        counts.forEach((f, c) -> fields.put(f, Statistics.wilson(c[0], c[1])));
        AccuracyReport report = new AccuracyReport(truth.size(), Statistics.wilson(exactCount, truth.size()), fields,
            mismatches);
        return new Outcome(report, exact);
    }
}
