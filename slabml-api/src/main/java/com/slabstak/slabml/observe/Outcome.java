/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observe;

import java.util.Locale;

/**
 * How one served prediction ended.
 *
 * <pre>{@code
 * boolean degraded = served.outcome() == Outcome.FALLBACK;
 * }</pre>
 *
 * @since 0.2
 */
public enum Outcome {
    /** The chosen model answered. */
    SUCCESS,
    /** The chosen model failed (or its circuit was open) and the base model answered. */
    FALLBACK,
    /** No answer: the base model failed or the request was refused; the caller got an exception. */
    ERROR;

    /**
     * Returns the lower-case name used in metric tags.
     *
     * @return {@code success}, {@code fallback} or {@code error}
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
