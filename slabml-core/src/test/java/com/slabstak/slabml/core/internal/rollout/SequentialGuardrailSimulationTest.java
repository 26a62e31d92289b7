/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.core.internal.evaluation.Statistics;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulated rollouts, with a fixed seed, checked after every 50 records as the guardrail would be:
 * 20% of traffic on the candidate, a 10% correction rate on the base, 20,000 records per rollout, the
 * guardrail's defaults (alpha 0.05, 30 predictions per arm, planned volume 1,000, sample-ratio alpha
 * 0.001). The repeated fixed-sample z-test the guardrail used before is simulated beside it.
 */
class SequentialGuardrailSimulationTest {
    private static final int RUNS = 2_000;
    private static final int RECORDS = 20_000;
    private static final double SHARE = 0.20;
    private static final double BASE_RATE = 0.10;
    private static final double ALPHA = 0.05;
    private static final int MIN_VOLUME = 30;
    private static final double PLANNED = 1_000;
    private static final double SRM_THRESHOLD = Math.log(1 / 0.001);

    /** Outcome of one simulated rollout: the record at which it was stopped, or -1. */
    private record Run(int rolledBackAt, int srmAt) {
    }

    private static Run simulate(SplittableRandom random, double candidateRate, int every, boolean sequential) {
        long nb = 0;
        long xb = 0;
        long nc = 0;
        long xc = 0;
        int srmAt = -1;
        for (int i = 1; i <= RECORDS; i++) {
            if (random.nextDouble() < SHARE) {
                nc++;
                xc += random.nextDouble() < candidateRate ? 1 : 0;
            } else {
                nb++;
                xb += random.nextDouble() < BASE_RATE ? 1 : 0;
            }
            if (i % every != 0) {
                continue;
            }
            // as the guardrail does: the sample ratio at every look, the rates once each arm has the minimum volume
            if (sequential && srmAt < 0 && SequentialTests.sampleRatioLogEvidence(nc, nb + nc, SHARE) > SRM_THRESHOLD) {
                srmAt = i;
            }
            if (nb < MIN_VOLUME || nc < MIN_VOLUME) {
                continue;
            }
            if (sequential) {
                if (SequentialTests.difference(xb, nb, xc, nc, ALPHA, PLANNED)[0] > 0) {
                    return new Run(i, srmAt);
                }
            } else if (Statistics.twoProportionGreater(xb, nb, xc, nc)[1] < ALPHA) {
                return new Run(i, srmAt);
            }
        }
        return new Run(-1, srmAt);
    }

    private static Run[] runs(long seed, double candidateRate, int every, boolean sequential) {
        SplittableRandom random = new SplittableRandom(seed);
        Run[] out = new Run[RUNS];
        for (int r = 0; r < RUNS; r++) {
            out[r] = simulate(random.split(), candidateRate, every, sequential);
        }
        return out;
    }

    private static double rate(Run[] runs) {
        return Arrays.stream(runs).filter(r -> r.rolledBackAt() >= 0).count() / (double) runs.length;
    }

    @Test
    void sequentialGuardrail_aaRolloutsCheckedEvery50Records_rollBackAtMostAlphaOfTheTime() {
        Run[] runs = runs(20261204L, BASE_RATE, 50, true);

        double falseRollbacks = rate(runs);
        double falseHalts = Arrays.stream(runs).filter(r -> r.srmAt() >= 0).count() / (double) runs.length;

        System.out.printf("sequential A/A, every 50: %.2f%% rolled back, %.2f%% sample-ratio halts (%d runs)%n",
            falseRollbacks * 100, falseHalts * 100, RUNS);
        assertThat(falseRollbacks).isLessThanOrEqualTo(ALPHA);
        assertThat(falseHalts).isLessThanOrEqualTo(0.005);
    }

    @Test
    void repeatedZTest_aaRolloutsCheckedEvery200Records_rollsBackFarMoreOftenThanAlpha() {
        double every200 = rate(runs(20261204L, BASE_RATE, 200, false));
        double every50 = rate(runs(20261204L, BASE_RATE, 50, false));

        System.out.printf("repeated z-test A/A: every 200 %.2f%%, every 50 %.2f%% rolled back (%d runs)%n",
            every200 * 100, every50 * 100, RUNS);
        assertThat(every200).isGreaterThan(4 * ALPHA);
        assertThat(every50).isGreaterThan(every200);
    }

    @Test
    void sequentialGuardrail_candidateWithHalfAgainTheCorrectionRate_isRolledBackWithin10000RecordsIn99PercentOfRuns() {
        Run[] runs = runs(20261205L, BASE_RATE * 1.5, 50, true);

        int[] at = Arrays.stream(runs).mapToInt(Run::rolledBackAt).map(a -> a < 0 ? Integer.MAX_VALUE : a).sorted()
            .toArray();
        int median = at[at.length / 2];
        int p99 = at[(int) Math.ceil(at.length * 0.99) - 1];

        System.out.printf("sequential, candidate 15%% vs base 10%%: rolled back by record %d (median), %d (99th "
            + "percentile), %d (last); %.2f%% never%n", median, p99, at[at.length - 1],
            100.0 * Arrays.stream(at).filter(a -> a == Integer.MAX_VALUE).count() / at.length);
        assertThat(p99).isLessThanOrEqualTo(10_000);
        assertThat(median).isLessThanOrEqualTo(4_000);
    }
}
