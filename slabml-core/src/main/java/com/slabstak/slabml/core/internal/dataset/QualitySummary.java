/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.Diversity;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DatasetQuality#analyze} found in a task's samples.
 *
 * @param samples samples analysed
 * @param duplicates samples that are exact or near duplicates of a sample that is kept
 * @param conflicts inputs (normalised) labelled with more than one answer
 * @param overruled samples whose answer lost a conflict and are left out
 * @param conflictDetails the first {@value #MAX_DETAILS} conflicts: which sample won and which lost
 * @param diversity what the samples cover, on the dimensions the task names
 */
public record QualitySummary(long samples, long duplicates, long conflicts, long overruled,
                             List<Conflict> conflictDetails, Diversity diversity) {
    /** Conflicts listed in {@link #conflictDetails()}. */
    public static final int MAX_DETAILS = 100;

    public QualitySummary {
        conflictDetails = List.copyOf(conflictDetails);
        Objects.requireNonNull(diversity, "diversity");
    }

    /**
     * One resolved conflict: the sample whose answer was kept, the samples overruled, and the rule
     * that decided ({@code trusted_correction} or {@code confidence_vote}). Samples without an id
     * are named {@code #<position>} (0-based, in store order).
     */
    public record Conflict(String keptSample, List<String> overruledSamples, String rule) {
        public Conflict {
            Objects.requireNonNull(keptSample, "keptSample");
            overruledSamples = List.copyOf(overruledSamples);
            Objects.requireNonNull(rule, "rule");
        }
    }
}
