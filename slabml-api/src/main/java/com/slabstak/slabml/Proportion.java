/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * A proportion with its 95% Wilson score interval, for example an accuracy of 45/50 with
 * [0.786, 0.957].
 *
 * @since 0.1
 */
public record Proportion(long successes, long total, double lower, double upper) {
    /**
     * Checks the components.
     *
     * @param successes the successes
     * @param total the total
     * @param lower the lower
     * @param upper the upper
     */
    public Proportion {
        if (successes < 0 || total < 0 || successes > total) {
            throw new IllegalArgumentException("need 0 <= successes <= total, got " + successes + "/" + total);
        }
    }

    /**
     * Returns successes / total, or 0 for an empty sample.
     *
     * @return successes / total, or 0 for an empty sample
     */
    public double rate() {
        return total == 0 ? 0.0 : (double) successes / total;
    }
}