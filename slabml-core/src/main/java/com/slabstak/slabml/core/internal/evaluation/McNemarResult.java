/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

/**
 * The outcome of McNemar's test on the discordant pairs of a paired comparison.
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 *
 * @param b items the first model got right and the second wrong
 * @param c items the second model got right and the first wrong
 * @param test {@code mcnemar_exact} (two-sided binomial, used when {@code b + c < 25}) or
 *     {@code mcnemar_chi2_cc} (chi-square with continuity correction, 1 degree of freedom)
 * @param statistic {@code min(b, c)} for the exact test, the corrected chi-square otherwise
 * @param pValue the two-sided p-value
 */
record McNemarResult(long b, long c, String test, double statistic, double pValue) {
    /** Name of the exact binomial variant. */
    public static final String EXACT = "mcnemar_exact";
    /** Name of the chi-square variant with continuity correction. */
    public static final String CHI_SQUARE = "mcnemar_chi2_cc";
}
