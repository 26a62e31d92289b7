/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * One model's (and arm's) month in production. Latency percentiles are nearest-rank over the
 * predictions that report a latency; when they come from a sketch rather than every value,
 * {@code latencyErrorMillis} bounds how far each can be from the exact one.
 *
 * <pre>{@code
 * ModelMonthStats s = analysis.perModel().get(0);
 * System.out.printf("%s: %.1f%% corrected, p95 %d ms (+/- %d)%n", s.model(),
 *     100 * s.correctionRate().rate(), s.latencyP95Millis(), s.latencyErrorMillis());
 * }</pre>
 *
 * @param model the model id
 * @param arm the rollout arm, or {@code null} for all arms together
 * @param volume predictions served
 * @param correctionRate share of predictions users corrected, with its interval
 * @param ratings how many predictions were rated
 * @param averageRating mean rating of those, {@code NaN} when none
 * @param mostCorrectedFields fields users corrected, most corrected first
 * @param latencyP50Millis median latency
 * @param latencyP95Millis 95th percentile latency
 * @param totalTokens tokens used
 * @param latencyP90Millis 90th percentile latency (since 0.2)
 * @param latencyP99Millis 99th percentile latency (since 0.2)
 * @param latencyErrorMillis the most a latency percentile can differ from the exact nearest-rank
 *     value, 0 when exact (since 0.2)
 * @param promptTokens prompt tokens used (since 0.2)
 * @param completionTokens completion tokens used (since 0.2)
 * @since 0.1
 */
public record ModelMonthStats(
    String model,
    Arm arm,
    long volume,
    Proportion correctionRate,
    long ratings,
    double averageRating,
    Map<String, Long> mostCorrectedFields,
    long latencyP50Millis,
    long latencyP95Millis,
    long totalTokens,
    long latencyP90Millis,
    long latencyP99Millis,
    long latencyErrorMillis,
    long promptTokens,
    long completionTokens) {

    /**
     * Checks the components.
     *
     * @param model the model id
     * @param arm the rollout arm, or {@code null} for all arms together
     * @param volume predictions served
     * @param correctionRate share of predictions users corrected, with its interval
     * @param ratings how many predictions were rated
     * @param averageRating mean rating of those, {@code NaN} when none
     * @param mostCorrectedFields fields users corrected, most corrected first
     * @param latencyP50Millis median latency
     * @param latencyP95Millis 95th percentile latency
     * @param totalTokens tokens used
     * @param latencyP90Millis 90th percentile latency (since 0.2)
     * @param latencyP99Millis 99th percentile latency (since 0.2)
     * @param latencyErrorMillis the most a latency percentile can differ from the exact nearest-rank
     * @param promptTokens prompt tokens used (since 0.2)
     * @param completionTokens completion tokens used (since 0.2)
     */
    public ModelMonthStats {
        mostCorrectedFields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mostCorrectedFields));
    }

    /**
     * The 0.1 form: p90 and p99 unknown (taken as p95), exact, tokens not split.
     *
     * @param model the model id
     * @param arm the rollout arm, or {@code null} for all arms together
     * @param volume predictions served
     * @param correctionRate share of predictions users corrected
     * @param ratings how many predictions were rated
     * @param averageRating mean rating, {@code NaN} when none
     * @param mostCorrectedFields fields users corrected, most corrected first
     * @param latencyP50Millis median latency
     * @param latencyP95Millis 95th percentile latency
     * @param totalTokens tokens used
     */
    public ModelMonthStats(String model, Arm arm, long volume, Proportion correctionRate, long ratings,
        double averageRating, Map<String, Long> mostCorrectedFields, long latencyP50Millis, long latencyP95Millis,
        long totalTokens) {
        this(model, arm, volume, correctionRate, ratings, averageRating, mostCorrectedFields, latencyP50Millis,
            latencyP95Millis, totalTokens, latencyP95Millis, latencyP95Millis, 0, 0, totalTokens);
    }

    /**
     * Returns the mean user rating.
     *
     * @return the rating, if any record was rated
     */
    public OptionalDouble rating() {
        return Double.isNaN(averageRating) ? OptionalDouble.empty() : OptionalDouble.of(averageRating);
    }
}
