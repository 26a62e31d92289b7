/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * One model's (and arm's) month in production.
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
    long totalTokens) {

    public ModelMonthStats {
        mostCorrectedFields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mostCorrectedFields));
    }

    public OptionalDouble rating() {
        return Double.isNaN(averageRating) ? OptionalDouble.empty() : OptionalDouble.of(averageRating);
    }
}