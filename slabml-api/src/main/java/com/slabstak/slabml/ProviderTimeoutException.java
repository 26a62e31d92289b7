/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * A provider call did not finish within its timeout. Retryable.
 *
 * @since 0.1
 */
public class ProviderTimeoutException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param cause the cause
     */
    public ProviderTimeoutException(String message, Throwable cause) {
        super(message, 0, null, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}