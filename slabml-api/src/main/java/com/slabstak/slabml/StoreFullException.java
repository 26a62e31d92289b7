/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * A write was refused because the store's queue was full ({@code slabml.store.when_full=REJECT})
 * or stayed full for the block timeout ({@code BLOCK}). Nothing was written, so the same call may
 * be repeated later: {@link #isRetryable()} is {@code true}.
 *
 * @since 0.2
 */
public class StoreFullException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and why, naming the store
     */
    public StoreFullException(String message) {
        super(message, null, Outcome.NOT_WRITTEN);
    }

    /** {@inheritDoc} Always {@code true}: nothing was written. */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
