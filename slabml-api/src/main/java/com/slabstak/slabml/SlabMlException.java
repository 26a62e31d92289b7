/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * The root of every exception SlabML throws. Unchecked; {@link #isRetryable()} says whether the
 * same call may succeed later.
 *
 * @since 0.1
 */
public class SlabMlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     */
    public SlabMlException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param cause the cause
     */
    public SlabMlException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Returns whether repeating the same call may succeed.
     *
     * @return whether repeating the same call may succeed
     */
    public boolean isRetryable() {
        return false;
    }
}