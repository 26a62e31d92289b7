/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * The provider does not let this account create fine-tuning jobs. OpenAI has been winding down
 * self-serve fine-tuning during 2026 and answers job creation with HTTP 403; existing fine-tuned
 * models keep serving. Use another {@code FineTuningBackendProvider} (for example Azure OpenAI)
 * to keep training. Not retryable.
 *
 * @since 0.1
 */
public class FineTuningUnavailableException extends PermissionDeniedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param code the code
     * @param cause the cause
     */
    public FineTuningUnavailableException(String message, String code, Throwable cause) {
        super(message, code, cause);
    }
}