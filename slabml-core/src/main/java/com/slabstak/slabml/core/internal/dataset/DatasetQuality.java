/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.spi.Task;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Finds exact and near duplicates, conflicting labels and what a task's samples cover, with the
 * same rules the exporter applies (see {@link DefaultDatasetExporter}). Reads the stream once,
 * keeping a small fixed-size entry per sample.
 *
 * {@code
 * try (Stream<Sample> s = store.read(TaskName.CARD_IDENTIFICATION)) {
 *     QualitySummary q = DatasetQuality.analyze(s, task);
 *     System.out.println(q.duplicates() + " duplicates, " + q.conflicts() + " conflicts");
 * }
 * }
 */
public final class DatasetQuality {
    private DatasetQuality() {
    }

    /** Analyses samples with the default options (every correcting user trusted). */
    public static QualitySummary analyze(Stream<Sample> samples, Task task) {
        return analyze(samples, task, ExportOptions.defaults());
    }

    /** Analyses samples with the given trusted users and near-duplicate threshold. */
    public static QualitySummary analyze(Stream<Sample> samples, Task task, ExportOptions options) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        return SampleIndex.build(samples, task, options, 0.0, 0.0, 0L, true).quality();
    }
}
