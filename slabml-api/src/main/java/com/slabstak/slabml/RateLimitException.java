/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider is limiting this account (HTTP 429). Retryable, except a daily limit
 * ({@code daily_rate_limit_exceeded}), which seconds of retrying do not lift.
 *
 * @since 0.1
 */
public class RateLimitException extends ProviderException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param code the code
     * @param retryAfter the retry after
     * @param cause the cause
     */
    public RateLimitException(String message, String code, Duration retryAfter, Throwable cause) {
        super(message, 429, code, cause);
        this.retryAfter = retryAfter;
    }

    /**
     * Returns whether this is a daily limit.
     *
     * @return whether this is a daily limit
     */
    public boolean isDaily() {
        return code().map(c -> c.startsWith("daily_")).orElse(false);
    }

    /**
     * Returns how long to wait before trying again, when the provider said.
     *
     * @return how long to wait before trying again, when the provider said
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isRetryable() {
        return !isDaily();
    }
}