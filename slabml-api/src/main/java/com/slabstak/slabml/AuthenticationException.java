/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * The provider rejected the credentials (HTTP 401). Not retryable.
 *
 * @since 0.1
 */
public class AuthenticationException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param code the code
     * @param cause the cause
     */
    public AuthenticationException(String message, String code, Throwable cause) {
        super(message, 401, code, cause);
    }
}