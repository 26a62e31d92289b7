/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.slabstak.slabml.Proportion;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    private static final MathContext MC = new MathContext(80, RoundingMode.HALF_EVEN);

    @Test
    void wilson_referenceVectors_matchToSixDecimals() {
        assertInterval(Statistics.wilson(7, 50), 0.069508, 0.261862);
        assertInterval(Statistics.wilson(45, 50), 0.786398, 0.956524);
        assertInterval(Statistics.wilson(0, 10), 0.0, 0.277533);
        assertInterval(Statistics.wilson(10, 10), 0.722467, 1.0);
    }

    @Test
    void wilson_emptySample_isUninformative() {
        Proportion p = Statistics.wilson(0, 0);

        assertThat(p.rate()).isZero();
        assertThat(p.lower()).isZero();
        assertThat(p.upper()).isEqualTo(1.0);
    }

    @Test
    void wilson_impossibleCounts_throw() {
        assertThatThrownBy(() -> Statistics.wilson(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Statistics.wilson(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mcNemar_fewDiscordantPairs_usesExactReferenceVector() {
        McNemarResult r = Statistics.mcNemar(10, 2);

        assertThat(r.test()).isEqualTo(McNemarResult.EXACT);
        assertThat(r.pValue()).isCloseTo(0.0385742, within(5e-8));
        assertThat(r.statistic()).isEqualTo(2.0);
    }

    @Test
    void mcNemarChiSquare_referenceVector_matchesCorrectedAndUncorrected() {
        double corrected = Statistics.mcNemarChiSquare(10, 2, true);
        double uncorrected = Statistics.mcNemarChiSquare(10, 2, false);

        assertThat(corrected).isCloseTo(4.08333, within(5e-6));
        assertThat(Statistics.chiSquare1dfSurvival(corrected)).isCloseTo(0.0433081, within(5e-8));
        assertThat(uncorrected).isCloseTo(5.33333, within(5e-6));
        assertThat(Statistics.chiSquare1dfSurvival(uncorrected)).isCloseTo(0.0209213, within(5e-8));
    }

    @Test
    void mcNemar_manyDiscordantPairs_usesChiSquareWithCorrection() {
        McNemarResult r = Statistics.mcNemar(20, 5);

        assertThat(r.test()).isEqualTo(McNemarResult.CHI_SQUARE);
        assertThat(r.statistic()).isCloseTo(14.0 * 14.0 / 25.0, within(1e-12));
        assertThat(r.pValue()).isCloseTo(Statistics.erfc(Math.sqrt(r.statistic() / 2)), within(1e-15));
    }

    @Test
    void mcNemar_noDiscordantPairs_givesPOne() {
        assertThat(Statistics.mcNemar(0, 0).pValue()).isEqualTo(1.0);
        assertThat(Statistics.mcNemar(3, 3).pValue()).isEqualTo(1.0);
    }

    @Test
    void binomialCdfHalf_randomisedCases_agreeWithExactBigDecimalSummation() {
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            int n = 1 + random.nextInt(600);
            int k = random.nextInt(n + 1);

            double expected = exactBinomialCdfHalf(k, n).doubleValue();
            double actual = Statistics.binomialCdfHalf(k, n);

            assertThat(actual).as("BinomCDF(%d; %d, 1/2)", k, n).isCloseTo(expected, within(Math.max(1e-300, expected * 1e-9)));
        }
    }

    @Test
    void binomialCdfHalf_tenMillionTrials_matchesTheCentralTermIdentity() {
        long n = 10_000_000;
        // P(X <= n/2 - 1) = (1 - P(X = n/2)) / 2, and P(X = n/2) = sqrt(2 / (pi n)) (1 - 1/(4n) + ...);
        // log-gamma of 1e7 carries about 1e-8 of rounding, so agreement is to about 1e-8 here
        double central = Math.sqrt(2 / (Math.PI * n)) * (1 - 1.0 / (4 * n));

        assertThat(Statistics.binomialCdfHalf(n / 2 - 1, n)).isCloseTo((1 - central) / 2, within(2e-8));
        assertThat(Statistics.binomialCdfHalf(n / 2, n)).isCloseTo((1 + central) / 2, within(2e-8));
    }

    @Test
    void mcNemarExactP_allSmallTables_agreeWithExactBigDecimalSummation() {
        for (int b = 0; b < 40; b++) {
            for (int c = 0; c < 40; c++) {
                double expected = b + c == 0 ? 1.0
                    : BigDecimal.ONE.min(exactBinomialCdfHalf(Math.min(b, c), b + c).multiply(BigDecimal.valueOf(2))).doubleValue();

                assertThat(Statistics.mcNemarExactP(b, c)).as("b=%d c=%d", b, c).isCloseTo(expected, within(expected * 1e-10));
            }
        }
    }

    @Test
    void chiSquare1dfSurvival_randomisedCases_agreeWithTaylorSeriesOfErf() {
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            double x = random.nextDouble() * 40;

            double expected = BigDecimal.ONE.subtract(erfSeries(Math.sqrt(x / 2))).doubleValue();
            double actual = Statistics.chiSquare1dfSurvival(x);

            assertThat(actual).as("P(chi2 > %s)", x).isCloseTo(expected, within(Math.max(1e-300, expected * 1e-11)));
        }
    }

    @Test
    void statistics_pythonStandardLibraryTable_agrees() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("statistics_reference.csv")) {
            assertThat(in).as("statistics_reference.csv on the test class path").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
        }
        assertThat(lines).hasSize(300);
        for (String line : lines) {
            String[] f = line.split(",");
            long b = Long.parseLong(f[0]);
            long c = Long.parseLong(f[1]);
            double exactP = Double.parseDouble(f[2]);
            double chi2 = Double.parseDouble(f[3]);
            double chi2P = Double.parseDouble(f[4]);
            long s = Long.parseLong(f[5]);
            long n = Long.parseLong(f[6]);

            assertThat(Statistics.mcNemarExactP(b, c)).as(line).isCloseTo(exactP, within(exactP * 1e-9));
            assertThat(Statistics.mcNemarChiSquare(b, c, true)).as(line).isCloseTo(chi2, within(1e-9));
            assertThat(Statistics.chiSquare1dfSurvival(chi2)).as(line).isCloseTo(chi2P, within(chi2P * 1e-9));
            McNemarResult r = Statistics.mcNemar(b, c);
            assertThat(r.pValue()).as(line).isEqualTo(b + c < 25 ? Statistics.mcNemarExactP(b, c)
                : Statistics.chiSquare1dfSurvival(chi2));
            Proportion w = Statistics.wilson(s, n);
            assertThat(w.lower()).as(line).isCloseTo(Double.parseDouble(f[7]), within(1e-12));
            assertThat(w.upper()).as(line).isCloseTo(Double.parseDouble(f[8]), within(1e-12));
        }
    }

    @Test
    void normalQuantile_roundTripsThroughNormalCdf() {
        for (double p : new double[] {1e-10, 0.001, 0.02, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999, 1 - 1e-9}) {
            assertThat(Statistics.normalCdf(Statistics.normalQuantile(p))).as("p=%s", p).isCloseTo(p, within(p * 1e-12));
        }
        assertThat(Statistics.normalQuantile(0.975)).isCloseTo(Statistics.Z_95, within(1e-12));
    }

    @Test
    void twoProportionGreater_candidateWorse_givesSmallOneSidedP() {
        double[] r = Statistics.twoProportionGreater(10, 100, 25, 100);

        assertThat(r[0]).isCloseTo(2.7914526311954124, within(1e-12));
        assertThat(r[1]).isCloseTo(0.002623601869557825, within(1e-15));
    }

    @Test
    void twoProportionGreater_candidateBetter_givesLargeP() {
        double[] r = Statistics.twoProportionGreater(25, 100, 10, 100);

        assertThat(r[1]).isCloseTo(1 - 0.002623601869557825, within(1e-12));
    }

    @Test
    void mcNemarSampleSize_connorFormula_matchesHandComputation() {
        assertThat(Statistics.mcNemarSampleSize(5, 15, 100, 0.05, 0.8)).hasValue(155);
        assertThat(Statistics.mcNemarSampleSize(7, 7, 100, 0.05, 0.8)).isEmpty();
    }

    @Test
    void logGamma_integers_matchLogFactorials() {
        double logFactorial = 0;
        for (int n = 1; n < 170; n++) {
            logFactorial += Math.log(n);
            assertThat(Statistics.logGamma(n + 1.0)).isCloseTo(logFactorial, within(Math.abs(logFactorial) * 1e-13 + 1e-13));
        }
    }

    private static void assertInterval(Proportion p, double lower, double upper) {
        assertThat(p.lower()).isCloseTo(lower, within(5e-7));
        assertThat(p.upper()).isCloseTo(upper, within(5e-7));
    }

    /** P(X <= k), X ~ Binomial(n, 1/2), summed with exact integers. */
    private static BigDecimal exactBinomialCdfHalf(int k, int n) {
        BigInteger sum = BigInteger.ZERO;
        BigInteger term = BigInteger.ONE;
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                term = term.multiply(BigInteger.valueOf(n - i + 1)).divide(BigInteger.valueOf(i));
            }
            sum = sum.add(term);
        }
        return new BigDecimal(sum).divide(new BigDecimal(BigInteger.TWO.pow(n)), MC);
    }

    /** erf(z) = 2/sqrt(pi) * sum (-1)^n z^(2n+1) / (n! (2n+1)), in 80-digit arithmetic. */
    private static BigDecimal erfSeries(double zd) {
        BigDecimal z = new BigDecimal(zd);
        BigDecimal z2 = z.multiply(z, MC);
        BigDecimal power = z;
        BigDecimal factorial = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal epsilon = new BigDecimal("1e-60");
        for (int n = 0; n < 2000; n++) {
            if (n > 0) {
                power = power.multiply(z2, MC).negate();
                factorial = factorial.multiply(BigDecimal.valueOf(n));
            }
            BigDecimal term = power.divide(factorial.multiply(BigDecimal.valueOf(2L * n + 1)), MC);
            sum = sum.add(term, MC);
            if (n > 10 && term.abs().compareTo(epsilon) < 0) {
                break;
            }
        }
        BigDecimal pi = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899");
        BigDecimal sqrtPi = pi.sqrt(MC);
        return sum.multiply(BigDecimal.valueOf(2)).divide(sqrtPi, MC);
    }
}
