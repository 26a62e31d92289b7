/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observe;

import java.util.Locale;

/**
 * The state of the circuit breaker in front of one model.
 *
 * <pre>{@code
 * if (to == BreakerState.OPEN) alert(model);
 * }</pre>
 *
 * @since 0.2
 */
public enum BreakerState {
    /** Calls pass. */
    CLOSED,
    /** Calls are refused until the cool-down ends; requests are answered by the base model. */
    OPEN,
    /** One probe call is let through to decide whether to close again. */
    HALF_OPEN;

    /**
     * Returns the lower-case name used in metric tags.
     *
     * @return {@code closed}, {@code open} or {@code half_open}
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns a number for gauges: 0 closed, 1 half-open, 2 open.
     *
     * @return the gauge value of this state
     */
    public int level() {
        return this == CLOSED ? 0 : this == HALF_OPEN ? 1 : 2;
    }
}
