/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void medianAndPercentile_sortedLatencies_nearestRank() {
        List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(ModelBenchmark.median(sorted)).isEqualTo(5);
        assertThat(ModelBenchmark.percentile(sorted, 0.95)).isEqualTo(10);
        assertThat(ModelBenchmark.median(List.of(7L))).isEqualTo(7);
        assertThat(ModelBenchmark.percentile(List.of(7L), 0.95)).isEqualTo(7);
    }
}
