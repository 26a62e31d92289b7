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

    public AbTestResult {
        fieldDeltas = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fieldDeltas));
    }

    /** Returns whether the difference is significant at {@code alpha}. */
    public boolean significant() {
        return pValue < alpha;
    }

    /** Returns the better model's name, when the difference is significant. */
    public Optional<String> winner() {
        return Optional.ofNullable(winnerName);
    }

    /** Returns exact-match accuracy of B minus that of A. */
    public double exactMatchDelta() {
        return reportB.exactMatch().rate() - reportA.exactMatch().rate();
    }
}