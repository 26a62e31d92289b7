/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.analysis;

import com.slabstak.slabml.spi.MonthAggregate;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latencies in milliseconds for nearest-rank percentiles, in memory that stops growing: the values
 * themselves while there are at most {@value #EXACT_LIMIT} (percentiles exact), then an
 * HdrHistogram with {@value #SIGNIFICANT_DIGITS} significant digits, whose buckets are one
 * millisecond wide below 2,048 ms and at most 1/1,024 of the value above. A percentile read from
 * the histogram is the top of the bucket holding the nearest-rank value, and
 * {@link MonthAggregate.Latency#errorMillis()} says how far from the exact value that can be (the
 * width of the widest bucket read, less one). Sketches merge; not thread-safe.
 *
 * {@code
 * LatencySketch s = new LatencySketch();
 * s.record(120);
 * s.record(340);
 * MonthAggregate.Latency l = s.latency(); // p50 120, p99 340, exact
 * }
 *
 * <p>Internal: not part of the API.
 */
public final class LatencySketch {
    /** The most values kept exactly. */
    public static final int EXACT_LIMIT = 4096;
    /** The precision of the histogram beyond the exact range. */
    public static final int SIGNIFICANT_DIGITS = 3;
    private static final int[] PERCENTILES = {50, 90, 95, 99};

    private long[] values = new long[16];
    private int size;
    private Histogram histogram;

    /** Records one latency; a negative one counts as 0. */
    public void record(long millis) {
        long v = Math.max(0, millis);
        if (histogram != null) {
            histogram.recordValue(v);
            return;
        }
        if (size == EXACT_LIMIT) {
            toHistogram();
            histogram.recordValue(v);
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.min(EXACT_LIMIT, size * 2));
        }
        values[size++] = v;
    }

    /** Adds every latency of {@code other} to this sketch ({@code other} is left as it was). */
    public void merge(LatencySketch other) {
        if (other.histogram != null) {
            if (histogram == null) {
                toHistogram();
            }
            histogram.add(other.histogram);
            return;
        }
        for (int i = 0; i < other.size; i++) {
            record(other.values[i]);
        }
    }

    /** How many latencies were recorded. */
    public long count() {
        return histogram != null ? histogram.getTotalCount() : size;
    }

    /** Whether percentiles are computed from the values themselves. */
    public boolean exact() {
        return histogram == null;
    }

    /** Returns the nearest-rank p50, p90, p95 and p99 with their error bound. */
    public MonthAggregate.Latency latency() {
        long n = count();
        if (n == 0) {
            return MonthAggregate.Latency.NONE;
        }
        long[] ranks = new long[PERCENTILES.length];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = rank(PERCENTILES[i], n);
        }
        long[] out = new long[PERCENTILES.length];
        long error = 0;
        if (histogram == null) {
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            for (int i = 0; i < ranks.length; i++) {
                out[i] = sorted[(int) ranks[i] - 1];
            }
        } else {
            int next = 0;
            long seen = 0;
            for (HistogramIterationValue v : histogram.recordedValues()) {
                seen += v.getCountAddedInThisIterationStep();
                while (next < ranks.length && seen >= ranks[next]) {
                    long value = v.getValueIteratedTo();
                    long low = histogram.lowestEquivalentValue(value);
                    long high = histogram.highestEquivalentValue(value);
                    out[next] = Math.min(high, histogram.getMaxValue());
                    error = Math.max(error, out[next] - low);
                    next++;
                }
                if (next == ranks.length) {
                    break;
                }
            }
        }
        return new MonthAggregate.Latency(n, out[0], out[1], out[2], out[3], error);
    }

    /**
     * The 1-based nearest rank of the {@code p}th percentile of {@code n} values, computed as SQL's
     * {@code percentile_disc} does: {@code ceil(p / 100 * n)}, at least 1.
     */
    static long rank(int p, long n) {
        long r = (long) Math.ceil(p / 100.0 * n);
        return Math.max(1, Math.min(n, r));
    }

    private void toHistogram() {
        histogram = new Histogram(SIGNIFICANT_DIGITS);
        for (int i = 0; i < size; i++) {
            histogram.recordValue(values[i]);
        }
        values = null;
        size = 0;
    }
}
