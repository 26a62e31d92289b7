/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A provider (OpenAI, Azure OpenAI, a host's own) refused or failed a call. Subclasses say why;
 * {@link #isRetryable()} says whether the same call may succeed later. Never carries a secret.
 *
 * @since 0.1
 */
public class ProviderException extends SlabMlException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String code;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param statusCode the status code
     * @param code the code
     * @param cause the cause
     */
    public ProviderException(String message, int statusCode, String code, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.code = code;
    }

    /**
     * Returns the HTTP status, when the provider answered with one.
     *
     * @return the HTTP status, when the provider answered with one
     */
    public OptionalInt statusCode() {
        return statusCode > 0 ? OptionalInt.of(statusCode) : OptionalInt.empty();
    }

    /**
     * Returns the provider's error code, for example {@code daily_rate_limit_exceeded}.
     *
     * @return the provider's error code, for example {@code daily_rate_limit_exceeded}
     */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }
}