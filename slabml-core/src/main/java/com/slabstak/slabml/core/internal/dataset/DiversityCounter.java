/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.Diversity;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.spi.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what a task's samples cover into a {@link Diversity}: samples per value of each dimension
 * the task names ({@link Task#diversity}), values trimmed and lower-cased, blank values not
 * counted; a warning for each dimension of {@link Task#diversityWarnings()} that more than one
 * sample covers with a single value. Not thread-safe.
 */
final class DiversityCounter {
    private final Task task;
    private long samples;
    private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();

    DiversityCounter(Task task) {
        this.task = task;
    }

    void add(Sample s) {
        samples++;
        for (Map.Entry<String, String> e : task.diversity(s.input(), s.output()).entrySet()) {
            String value = e.getValue();
            if (value != null && !value.isBlank()) {
                counts.computeIfAbsent(e.getKey(), d -> new TreeMap<>())
                    .merge(value.trim().toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
        }
    }

    Diversity diversity() {
        List<String> warnings = new ArrayList<>();
        for (String dimension : task.diversityWarnings()) {
            Map<String, Long> values = counts.getOrDefault(dimension, Map.of());
            if (samples > 1 && values.size() == 1) {
                warnings.add("every sample with a " + dimension + " has the same " + dimension + " ("
                    + values.keySet().iterator().next() + "); include diverse examples so the model does not learn only one "
                    + dimension);
            }
        }
        return Diversity.of(counts, warnings);
    }
}
