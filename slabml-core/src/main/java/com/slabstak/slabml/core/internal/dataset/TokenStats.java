/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.TokenDistribution;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tokens per example over a file, in memory bounded by the number of distinct example lengths
 * (a histogram, not a list), so percentiles stay exact without holding every example.
 */
final class TokenStats {
    private final int limit;
    private final TreeMap<Integer, Long> histogram = new TreeMap<>();
    private long examples;
    private long total;
    private long capped;
    private int overLimit;

    TokenStats(int limit) {
        this.limit = limit;
    }

    void add(int tokens) {
        histogram.merge(tokens, 1L, Long::sum);
        examples++;
        total += tokens;
        capped += Math.min(tokens, limit);
        if (tokens > limit) {
            overLimit++;
        }
    }

    /** Examples counted. */
    long examples() {
        return examples;
    }

    /** All tokens, chat overhead included. */
    long total() {
        return total;
    }

    /** Tokens with each example capped at the model's limit (what one epoch bills). */
    long capped() {
        return capped;
    }

    /** Examples longer than the limit. */
    int overLimit() {
        return overLimit;
    }

    /**
     * Returns min, median, 90th percentile and max. Percentiles interpolate linearly between the
     * two nearest ranks (numpy's default), rounded half up.
     */
    TokenDistribution distribution() {
        if (examples == 0) {
            return TokenDistribution.EMPTY;
        }
        return new TokenDistribution(histogram.firstKey(), quantile(0.5), quantile(0.9), histogram.lastKey());
    }

    private long quantile(double q) {
        double pos = q * (examples - 1);
        long lo = (long) Math.floor(pos);
        long hi = (long) Math.ceil(pos);
        double vlo = valueAt(lo);
        double vhi = valueAt(hi);
        return Math.round(vlo + (vhi - vlo) * (pos - lo));
    }

    /** The value at a 0-based rank of the sorted examples. */
    private long valueAt(long rank) {
        long seen = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (rank < seen) {
                return e.getKey();
            }
        }
        return histogram.lastKey();
    }
}
