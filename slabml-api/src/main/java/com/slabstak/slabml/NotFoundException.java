/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * The file, job or model does not exist (HTTP 404). Not retryable.
 *
 * @since 0.1
 */
public class NotFoundException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param code the code
     * @param cause the cause
     */
    public NotFoundException(String message, String code, Throwable cause) {
        super(message, 404, code, cause);
    }
}