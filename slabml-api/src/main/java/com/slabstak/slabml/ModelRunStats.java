/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One model's runs in a comparison.
 *
 * @param model the model
 * @param outputs each run's parsed output (empty map when the answer did not parse)
 * @param failures runs that failed or did not parse
 * @param agreement share of runs that gave the most common output
 * @param latencyMedianMillis median latency
 * @param latencyP95Millis 95th percentile latency
 * @param averageUsage mean token usage per call
 * @param costPerCall estimated inference cost per call in USD, or {@code null} when unpriced
 * @since 0.1
 */
public record ModelRunStats(
    String model,
    List<Map<String, Object>> outputs,
    int failures,
    double agreement,
    long latencyMedianMillis,
    long latencyP95Millis,
    TokenUsage averageUsage,
    BigDecimal costPerCall) {

    /**
     * Checks the components.
     *
     * @param model the model
     * @param outputs each run's parsed output (empty map when the answer did not parse)
     * @param failures runs that failed or did not parse
     * @param agreement share of runs that gave the most common output
     * @param latencyMedianMillis median latency
     * @param latencyP95Millis 95th percentile latency
     * @param averageUsage mean token usage per call
     * @param costPerCall estimated inference cost per call in USD, or {@code null} when unpriced
     */
    public ModelRunStats {
        outputs = List.copyOf(outputs);
    }
}