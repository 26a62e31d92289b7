/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * Waiting for a fine-tuning job exceeded its timeout; the job itself goes on and can be waited for again.
 *
 * @since 0.1
 */
public class WaitTimeoutException extends SlabMlException {
    private static final long serialVersionUID = 1L;

    private final FineTuningJob lastSeen;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param lastSeen the last seen
     */
    public WaitTimeoutException(String message, FineTuningJob lastSeen) {
        super(message);
        this.lastSeen = lastSeen;
    }

    /**
     * Returns the job as last polled.
     *
     * @return the job as last polled
     */
    public FineTuningJob lastSeen() {
        return lastSeen;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}