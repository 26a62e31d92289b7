/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.Proportion;

/**
 * The statistics SlabML's evaluation uses, implemented with the JDK alone: Wilson score
 * intervals, McNemar's test (exact binomial or chi-square with continuity correction), the
 * one-sided two-proportion z-test, the normal distribution and its quantile, {@code erfc}, the
 * regularized incomplete gamma function and a sample-size estimate for McNemar's test.
 *
 * {@code
 * Proportion accuracy = Statistics.wilson(45, 50);          // [0.786398, 0.956524]
 * McNemarResult r = Statistics.mcNemar(10, 2);              // exact, p = 0.0385742
 * }
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
public final class Statistics {
    /** The 97.5% standard normal quantile, for two-sided 95% intervals. */
    public static final double Z_95 = 1.959963984540054;
    /** Below this many discordant pairs McNemar's test is computed exactly. */
    public static final int EXACT_MCNEMAR_BELOW = 25;

    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double EPS = 1e-16;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    private Statistics() {
    }

    /** Returns {@code successes / total} with its 95% Wilson score interval. */
    public static Proportion wilson(long successes, long total) {
        return wilson(successes, total, Z_95);
    }

    /**
     * Returns {@code successes / total} with its Wilson score interval for the normal quantile
     * {@code z}. An empty sample gives the uninformative interval [0, 1].
     */
    public static Proportion wilson(long successes, long total, double z) {
        if (total < 0 || successes < 0 || successes > total) {
            throw new IllegalArgumentException("need 0 <= successes <= total, got " + successes + "/" + total);
        }
        if (total == 0) {
            return new Proportion(0, 0, 0.0, 1.0);
        }
        double n = total;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        double lower = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
        double upper = successes == total ? 1.0 : Math.min(1.0, centre + half);
        return new Proportion(successes, total, lower, upper);
    }

    /**
     * McNemar's test on the discordant pairs {@code b} and {@code c}: exact (two-sided binomial,
     * {@code min(1, 2 * BinomCDF(min(b, c); b + c, 1/2))}) when {@code b + c < 25}, otherwise the
     * chi-square {@code (|b - c| - 1)^2 / (b + c)} with one degree of freedom.
     */
    public static McNemarResult mcNemar(long b, long c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must not be negative: b=" + b + ", c=" + c);
        }
        long n = b + c;
        if (n < EXACT_MCNEMAR_BELOW) {
            return new McNemarResult(b, c, McNemarResult.EXACT, Math.min(b, c), mcNemarExactP(b, c));
        }
        double chi2 = mcNemarChiSquare(b, c, true);
        return new McNemarResult(b, c, McNemarResult.CHI_SQUARE, chi2, chiSquare1dfSurvival(chi2));
    }

    /** The exact two-sided McNemar p-value, {@code min(1, 2 * BinomCDF(min(b, c); b + c, 1/2))}. */
    public static double mcNemarExactP(long b, long c) {
        long n = b + c;
        if (n == 0) {
            return 1.0;
        }
        return Math.min(1.0, 2 * binomialCdfHalf(Math.min(b, c), n));
    }

    /** McNemar's chi-square, {@code (|b - c| - 1)^2 / (b + c)} with the correction, else {@code (b - c)^2 / (b + c)}. */
    public static double mcNemarChiSquare(long b, long c, boolean continuityCorrection) {
        long n = b + c;
        if (n == 0) {
            return 0.0;
        }
        double d = Math.abs(b - c);
        if (continuityCorrection) {
            d = Math.max(0.0, d - 1);
        }
        return d * d / n;
    }

    /**
     * {@code P(X <= k)} for {@code X ~ Binomial(n, 1/2)}, summed in log space from the largest
     * term down (each term from the previous by the ratio {@code i / (n - i + 1)}), stopping once
     * terms no longer change the sum; the upper half uses the symmetry {@code P(X <= k) = 1 - P(X <= n - k - 1)}.
     */
    public static double binomialCdfHalf(long k, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        if (k < 0) {
            return 0.0;
        }
        if (k >= n) {
            return 1.0;
        }
        if (2 * k >= n) {
            return 1.0 - binomialCdfHalf(n - k - 1, n);
        }
        double logTop = logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0) + n * Math.log(0.5);
        double sum = 1.0;
        double relative = 1.0;
        for (long i = k; i >= 1; i--) {
            relative *= (double) i / (n - i + 1);
            sum += relative;
            if (relative < sum * 1e-17) {
                break;
            }
        }
        return Math.min(1.0, Math.exp(logTop + Math.log(sum)));
    }

    /** The upper tail {@code P(X >= x)} of the chi-square distribution with one degree of freedom, {@code erfc(sqrt(x / 2))}. */
    public static double chiSquare1dfSurvival(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x is NaN");
        }
        if (x <= 0) {
            return 1.0;
        }
        return erfc(Math.sqrt(x / 2));
    }

    /** The complementary error function, through the regularized upper incomplete gamma {@code Q(1/2, x^2)}. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2.0 - erfc(-x);
        }
        if (x == 0) {
            return 1.0;
        }
        return regularizedGammaQ(0.5, x * x);
    }

    /** The standard normal distribution function. */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /**
     * The standard normal quantile (inverse distribution function), by Acklam's rational
     * approximation refined with one Halley step, accurate to about 1e-15.
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), was " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        double low = 0.02425;
        double x;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p <= 1 - low) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double e = normalCdf(x) - p;
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /**
     * One-sided two-proportion z-test (pooled variance) of {@code H1: p2 > p1}, where
     * {@code p1 = x1 / n1} and {@code p2 = x2 / n2}.
     *
     * @return {@code {z, pValue}}; {@code z = 0, p = 1} when the pooled rate is 0 or 1
     */
    public static double[] twoProportionGreater(long x1, long n1, long x2, long n2) {
        if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
            throw new IllegalArgumentException("need 0 <= x <= n and n > 0: " + x1 + "/" + n1 + ", " + x2 + "/" + n2);
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new double[] {0.0, 1.0};
        }
        double z = (p2 - p1) / se;
        return new double[] {z, 0.5 * erfc(z / Math.sqrt(2))};
    }

    /**
     * Items a paired study needs for McNemar's test to detect the observed difference with the
     * given power (Connor 1987): {@code n = (z_{1-alpha/2} sqrt(psi) + z_{power} sqrt(psi - delta^2))^2 / delta^2},
     * where {@code psi = (b + c) / n} is the discordant share and {@code delta = (c - b) / n}.
     *
     * @return the total number of items, or empty when the observed difference is zero
     */
    public static java.util.OptionalLong mcNemarSampleSize(long b, long c, long n, double alpha, double power) {
        if (n <= 0 || b < 0 || c < 0 || b + c > n) {
            throw new IllegalArgumentException("need b + c <= n and n > 0: b=" + b + ", c=" + c + ", n=" + n);
        }
        if (b == c) {
            return java.util.OptionalLong.empty();
        }
        double psi = (double) (b + c) / n;
        double delta = (double) (c - b) / n;
        double za = normalQuantile(1 - alpha / 2);
        double zb = normalQuantile(power);
        double root = za * Math.sqrt(psi) + zb * Math.sqrt(Math.max(0.0, psi - delta * delta));
        return java.util.OptionalLong.of((long) Math.ceil(root * root / (delta * delta)));
    }

    /** The natural logarithm of the gamma function for {@code x > 0} (Lanczos, g = 7). */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("x must be positive, was " + x);
        }
        if (x == 0.5) {
            return LOG_SQRT_PI;
        }
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        double t = z + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * The regularized upper incomplete gamma function {@code Q(a, x) = Gamma(a, x) / Gamma(a)}:
     * the series for {@code x < a + 1}, the continued fraction (modified Lentz) otherwise.
     */
    public static double regularizedGammaQ(double a, double x) {
        if (!(a > 0) || x < 0) {
            throw new IllegalArgumentException("need a > 0 and x >= 0: a=" + a + ", x=" + x);
        }
        if (x == 0) {
            return 1.0;
        }
        double logPrefix = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            double term = 1.0 / a;
            double sum = term;
            for (int n = 1; n < MAX_ITERATIONS; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * EPS) {
                    break;
                }
            }
            return Math.max(0.0, 1.0 - sum * Math.exp(logPrefix));
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) {
                break;
            }
        }
        return Math.exp(logPrefix) * h;
    }
}
