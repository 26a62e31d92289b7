/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the promotion gate decided about a candidate evaluated against the model serving now, why,
 * and the numbers behind it.
 *
 * <pre>{@code
 * PromotionDecision d = loop.status(TaskName.CARD_IDENTIFICATION).lastGate().orElseThrow();
 * System.out.println(d.verdict() + ": " + d.reason());
 * }</pre>
 *
 * @param promote whether the candidate may be rolled out
 * @param verdict {@link #SUPERIOR}, {@link #NON_INFERIOR}, {@link #INFERIOR} or {@link #INCONCLUSIVE}
 * @param reason one sentence with the numbers, as recorded in the registry
 * @param numbers the numbers by name: items, b, c, p_value, alpha, exact_match_a, exact_match_b,
 *     delta, delta_lower_bound, margin
 * @since 0.2
 */
public record PromotionDecision(boolean promote, String verdict, String reason, Map<String, Double> numbers) {
    /** The candidate is significantly better. */
    public static final String SUPERIOR = "superior";
    /** The candidate is not significantly worse than the margin allows. */
    public static final String NON_INFERIOR = "non_inferior";
    /** The candidate is significantly worse. */
    public static final String INFERIOR = "inferior";
    /** Neither better nor shown to be within the margin. */
    public static final String INCONCLUSIVE = "inconclusive";

    /**
     * Copies the numbers.
     *
     * @throws NullPointerException when a part is missing
     * @param promote whether the candidate may be rolled out
     * @param verdict {@link #SUPERIOR}, {@link #NON_INFERIOR}, {@link #INFERIOR} or {@link #INCONCLUSIVE}
     * @param reason one sentence with the numbers, as recorded in the registry
     * @param numbers the numbers by name: items, b, c, p_value, alpha, exact_match_a, exact_match_b,
     */
    public PromotionDecision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    }
}
