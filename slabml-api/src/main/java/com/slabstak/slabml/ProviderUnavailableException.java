/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * The provider failed on its side (HTTP 5xx) or could not be reached. Retryable.
 *
 * @since 0.1
 */
public class ProviderUnavailableException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param statusCode the status code
     * @param cause the cause
     */
    public ProviderUnavailableException(String message, int statusCode, Throwable cause) {
        super(message, statusCode, null, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}