/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One decision of an {@link ImprovementLoop}, with the numbers behind it, as recorded in the loop's
 * state and in the registry history.
 *
 * <pre>{@code
 * for (LoopDecision d : loop.status(task).decisions()) {
 *     System.out.println(d.at() + " " + d.step() + " " + d.outcome() + ": " + d.reason());
 * }
 * }</pre>
 *
 * @param at when it was taken
 * @param round the loop's round (1 for the first training)
 * @param step the step that took it
 * @param outcome a short word: {@code trained}, {@code promoted}, {@code rejected}, {@code advanced},
 *     {@code rolled_back}, {@code retrain}, ...
 * @param reason one sentence with the numbers
 * @param numbers the numbers by name
 * @since 0.2
 */
public record LoopDecision(Instant at, int round, LoopStep step, String outcome, String reason,
    Map<String, Double> numbers) {

    /**
     * Checks and copies the parts.
     *
     * @throws NullPointerException when a part is missing
     * @param at when it was taken
     * @param round the loop's round (1 for the first training)
     * @param step the step that took it
     * @param outcome a short word: {@code trained}, {@code promoted}, {@code rejected}, {@code advanced},
     * @param reason one sentence with the numbers
     * @param numbers the numbers by name
     */
    public LoopDecision {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(numbers, "numbers")));
    }
}
