/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.spi.MonthAggregate;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

    @Test
    void latency_fewValues_exactNearestRank() {
        LatencySketch s = new LatencySketch();
        for (long v = 1; v <= 20; v++) {
            s.record(v * 10);
        }

        MonthAggregate.Latency l = s.latency();

        // ranks ceil(0.5*20)=10, ceil(0.9*20)=18, ceil(0.95*20)=19, ceil(0.99*20)=20
        assertThat(l).isEqualTo(new MonthAggregate.Latency(20, 100, 180, 190, 200, 0));
        assertThat(s.exact()).isTrue();
    }

    @Test
    void latency_noValues_allZero() {
        assertThat(new LatencySketch().latency()).isEqualTo(MonthAggregate.Latency.NONE);
    }

    @Test
    void latency_beyondTheExactLimit_withinTheStatedBoundOfTheExactValue() {
        Random random = new Random(1);
        long[] values = new long[50_000];
        LatencySketch s = new LatencySketch();
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(600_000);
            s.record(values[i]);
        }
        Arrays.sort(values);

        MonthAggregate.Latency l = s.latency();

        assertThat(s.exact()).isFalse();
        assertThat(l.errorMillis()).isPositive().isLessThanOrEqualTo(600_000 / 1024);
        assertThat(l.p50() - values[25_000 - 1]).isBetween(0L, l.errorMillis());
        assertThat(l.p90() - values[45_000 - 1]).isBetween(0L, l.errorMillis());
        assertThat(l.p95() - values[47_500 - 1]).isBetween(0L, l.errorMillis());
        assertThat(l.p99() - values[49_500 - 1]).isBetween(0L, l.errorMillis());
    }

    @Test
    void latency_histogramOfValuesBelow2048_stillExact() {
        LatencySketch s = new LatencySketch();
        for (int i = 0; i < 10_000; i++) {
            s.record(i % 2_000);
        }

        MonthAggregate.Latency l = s.latency();

        assertThat(s.exact()).isFalse();
        assertThat(l.exact()).isTrue();
        assertThat(l.p50()).isEqualTo(999);
        assertThat(l.p99()).isEqualTo(1_979);
    }

    @Test
    void merge_exactParts_sameAsOneSketch() {
        LatencySketch a = new LatencySketch();
        LatencySketch b = new LatencySketch();
        LatencySketch all = new LatencySketch();
        for (int i = 0; i < 3_000; i++) {
            (i % 2 == 0 ? a : b).record(i * 7L);
            all.record(i * 7L);
        }

        a.merge(b);

        assertThat(a.latency()).isEqualTo(all.latency());
        assertThat(a.count()).isEqualTo(3_000);
    }

    @Test
    void merge_partsOverTheLimit_switchesToTheHistogram() {
        LatencySketch a = new LatencySketch();
        LatencySketch b = new LatencySketch();
        for (int i = 0; i < LatencySketch.EXACT_LIMIT; i++) {
            a.record(1_000);
            b.record(5_000_000);
        }

        a.merge(b);

        assertThat(a.exact()).isFalse();
        assertThat(a.count()).isEqualTo(2L * LatencySketch.EXACT_LIMIT);
        MonthAggregate.Latency l = a.latency();
        assertThat(l.p50()).isEqualTo(1_000);
        assertThat(l.p90() - 5_000_000).isBetween(0L, l.errorMillis());
    }

    @Test
    void rank_likePercentileDisc_ceilOfTheFraction() {
        assertThat(LatencySketch.rank(50, 1)).isEqualTo(1);
        assertThat(LatencySketch.rank(50, 3)).isEqualTo(2);
        assertThat(LatencySketch.rank(99, 1_000)).isEqualTo(990);
        assertThat(LatencySketch.rank(95, 21)).isEqualTo(20);
    }
}
