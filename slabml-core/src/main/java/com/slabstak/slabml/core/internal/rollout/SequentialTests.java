/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.rollout;

import com.slabstak.slabml.core.internal.evaluation.Statistics;

/**
 * Anytime-valid tests: their error level holds however often they are looked at, so a rollout
 * can be checked after every record.
 *
 * <p><b>Difference of two rates.</b> {@link #difference} is the asymptotic confidence sequence of
 * Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas, "Time-uniform central limit theory and
 * asymptotic confidence sequences" (Annals of Statistics, 2024), built on the normal-mixture
 * boundary of Howard, Ramdas, McAuliffe and Sekhon, "Time-uniform, nonparametric, nonasymptotic
 * confidence sequences" (Annals of Statistics 49(2), 2021), as GrowthBook's sequential tests use it:
 * after {@code N} observations the interval is the estimate plus or minus
 * {@code se * sqrt(2 (N rho^2 + 1) / (N rho^2) * ln(sqrt(N rho^2 + 1) / alpha))}, where {@code se}
 * is the standard error of the estimate and {@code rho^2 = (-2 ln alpha + ln(-2 ln alpha + 1)) / N*}
 * makes the interval narrowest at the planned volume {@code N*}. The probability that the interval
 * ever excludes the true difference, at any of its looks, is at most {@code alpha} (asymptotically).
 *
 * <p><b>Sample ratio.</b> {@link #sampleRatioLogEvidence} is the log Bayes factor of a
 * beta-binomial mixture against the configured split, after Lindon and Malek, "Anytime-valid
 * inference for multinomial count data" (NeurIPS 2022): a nonnegative martingale under the null, so
 * by Ville's inequality it exceeds {@code ln(1/alpha)} with probability at most {@code alpha}.
 */
public final class SequentialTests {
    /** Prior concentration of the sample-ratio mixture (its prior mean is the configured share). */
    static final double SRM_CONCENTRATION = 100;

    private SequentialTests() {
    }

    /**
     * Returns the confidence sequence on {@code xc/nc - xb/nb} (candidate minus base) at level
     * {@code alpha}, tuned for {@code plannedVolume} observations in both arms together. The
     * standard error uses each rate with half a success and half a failure added, so it is never
     * zero.
     *
     * @return {lower, upper}; {NaN, NaN} when an arm is empty
     */
    public static double[] difference(long xb, long nb, long xc, long nc, double alpha, double plannedVolume) {
        if (nb <= 0 || nc <= 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double pb = (double) xb / nb;
        double pc = (double) xc / nc;
        double qb = (xb + 0.5) / (nb + 1.0);
        double qc = (xc + 0.5) / (nc + 1.0);
        double variance = qb * (1 - qb) / nb + qc * (1 - qc) / nc;
        double half = Math.sqrt(variance) * widthFactor(nb + nc, alpha, plannedVolume);
        return new double[] {pc - pb - half, pc - pb + half};
    }

    /** How many standard errors wide each side of the sequence is after {@code n} observations. */
    static double widthFactor(double n, double alpha, double plannedVolume) {
        double rho2 = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / plannedVolume;
        double nr = n * rho2;
        return Math.sqrt(2 * (nr + 1) / nr * Math.log(Math.sqrt(nr + 1) / alpha));
    }

    /**
     * The log evidence that the candidate's share of {@code total} observations is not
     * {@code expectedShare}: halt when it exceeds {@code ln(1/alpha)}.
     *
     * @param candidate observations in the candidate arm
     * @param total observations in both arms
     * @param expectedShare the configured candidate share, strictly between 0 and 1
     * @return the log Bayes factor, 0 without observations
     */
    public static double sampleRatioLogEvidence(long candidate, long total, double expectedShare) {
        if (total <= 0 || expectedShare <= 0 || expectedShare >= 1) {
            return 0;
        }
        double a = SRM_CONCENTRATION * expectedShare;
        double b = SRM_CONCENTRATION * (1 - expectedShare);
        long other = total - candidate;
        return logBeta(a + candidate, b + other) - logBeta(a, b) - candidate * Math.log(expectedShare)
            - other * Math.log(1 - expectedShare);
    }

    private static double logBeta(double a, double b) {
        return Statistics.logGamma(a) + Statistics.logGamma(b) - Statistics.logGamma(a + b);
    }
}
