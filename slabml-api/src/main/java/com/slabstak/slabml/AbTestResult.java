/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Map;
import java.util.Optional;

/**
 * Two models compared on the same items. {@code discordantAOnly} ({@code b}) counts items A got
 * right and B wrong, {@code discordantBOnly} ({@code c}) the reverse; McNemar's test on them gives
 * {@code pValue}. {@link #winner()} is set only when the difference is significant at
 * {@code alpha}; otherwise {@link #note()} says how many more items would likely be needed.
 *
 * @since 0.1
 */
public record AbTestResult(
    String nameA,
    String nameB,
    int items,
    AccuracyReport reportA,
    AccuracyReport reportB,
    long discordantAOnly,
    long discordantBOnly,
    String test,
    double statistic,
    double pValue,
    double alpha,
    Map<String, Double> fieldDeltas,
    String winnerName,
    String note) {

    /**
     * Checks the components.
     *
     * @param nameA the name a
     * @param nameB the name b
     * @param items the items
     * @param reportA the report a
     * @param reportB the report b
     * @param discordantAOnly the discordant aonly
     * @param discordantBOnly the discordant bonly
     * @param test the test
     * @param statistic the statistic
     * @param pValue the p value
     * @param alpha the alpha
     * @param fieldDeltas the field deltas
     * @param winnerName the winner name
     * @param note the note
     */
    public AbTestResult {
        fieldDeltas = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fieldDeltas));
    }

    /**
     * Returns whether the difference is significant at {@code alpha}.
     *
     * @return whether the difference is significant at {@code alpha}
     */
    public boolean significant() {
        return pValue < alpha;
    }

    /**
     * Returns the better model's name, when the difference is significant.
     *
     * @return the better model's name, when the difference is significant
     */
    public Optional<String> winner() {
        return Optional.ofNullable(winnerName);
    }

    /**
     * Returns exact-match accuracy of B minus that of A.
     *
     * @return exact-match accuracy of B minus that of A
     */
    public double exactMatchDelta() {
        return reportB.exactMatch().rate() - reportA.exactMatch().rate();
    }
}