/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import java.util.Arrays;

/** Exact percentiles of recorded {@code System.nanoTime} durations (every sample kept, then sorted). */
final class Percentiles {
    private final long[] values;
    private int size;

    Percentiles(int capacity) {
        values = new long[capacity];
    }

    void record(long nanos) {
        if (size < values.length) {
            values[size++] = nanos;
        }
    }

    int size() {
        return size;
    }

    /** Returns the value at quantile {@code q} (0..1), nearest-rank. */
    long at(double q) {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))];
    }

    static String micros(long nanos) {
        return String.format("%.2f µs", nanos / 1000.0);
    }
}
