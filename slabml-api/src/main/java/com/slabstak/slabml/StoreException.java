/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * Reading or writing persisted data failed; wraps the underlying cause. For a write,
 * {@link #outcome()} says whether the data may have been stored anyway.
 *
 * @since 0.1
 */
public class StoreException extends SlabMlException {
    private static final long serialVersionUID = 1L;

    /**
     * What a failed write left behind.
     *
     * @since 0.2
     */
    public enum Outcome {
        /** Nothing was stored: repeating the call cannot create a duplicate. */
        NOT_WRITTEN,
        /**
         * The data may or may not be stored (for example, a failed force or commit whose result is
         * not known). Retry with the same record id, which stores it at most once.
         */
        UNKNOWN
    }

    private final Outcome outcome;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param cause the cause
     */
    public StoreException(String message, Throwable cause) {
        this(message, cause, Outcome.UNKNOWN);
    }

    /**
     * Creates the exception.
     *
     * @param message the message
     */
    public StoreException(String message) {
        this(message, null, Outcome.UNKNOWN);
    }

    /**
     * Creates the exception with a known outcome.
     *
     * @param message what failed, naming the store and the file or table
     * @param cause the underlying failure, or {@code null}
     * @param outcome what the failed write left behind
     * @since 0.2
     */
    public StoreException(String message, Throwable cause, Outcome outcome) {
        super(message, cause);
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Returns what the failed call left behind; {@link Outcome#UNKNOWN} unless the store knows better.
     *
     * @return the outcome
     * @since 0.2
     */
    public Outcome outcome() {
        return outcome;
    }
}
