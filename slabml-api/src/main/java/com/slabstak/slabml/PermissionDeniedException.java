/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * The credentials are valid but may not do this (HTTP 403). Not retryable.
 *
 * @since 0.1
 */
public class PermissionDeniedException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param code the code
     * @param cause the cause
     */
    public PermissionDeniedException(String message, String code, Throwable cause) {
        super(message, 403, code, cause);
    }
}