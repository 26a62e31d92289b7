/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * Tokens per example over a file: the smallest, median, 90th percentile and largest.
 *
 * @since 0.1
 */
public record TokenDistribution(long min, long median, long p90, long max) {
    /** Nothing counted. */
    public static final TokenDistribution EMPTY = new TokenDistribution(0, 0, 0, 0);
}