/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.AuthenticationException;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JobFailedException;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.PermissionDeniedException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import com.slabstak.slabml.WaitTimeoutException;

/** The exit codes of {@code slabml}, and which failure gets which. */
final class ExitCodes {
    /** The verb did what it was asked. */
    static final int OK = 0;
    /** Anything not listed below. */
    static final int OTHER = 1;
    /** Invalid input or usage: bad arguments, a missing or invalid file, missing configuration. */
    static final int INVALID_INPUT = 2;
    /** The provider refused: authentication, permission, fine-tuning unavailable, invalid request, not found. */
    static final int PROVIDER_REFUSED = 3;
    /** The fine-tuning job failed or was cancelled. */
    static final int JOB_FAILED = 4;
    /** Waiting for a job took longer than {@code --timeout}; the job goes on. */
    static final int TIMEOUT = 5;
    /** The provider is unavailable, rate limited, or a call to it timed out: try again later. */
    static final int PROVIDER_UNAVAILABLE = 6;

    private ExitCodes() {
    }

    /** The exit code for an exception a verb threw. */
    static int of(Throwable e) {
        if (e instanceof InvalidInputException || e instanceof ConfigurationException) {
            return INVALID_INPUT;
        }
        if (e instanceof AuthenticationException || e instanceof PermissionDeniedException
            || e instanceof InvalidRequestException || e instanceof NotFoundException) {
            return PROVIDER_REFUSED;
        }
        if (e instanceof JobFailedException) {
            return JOB_FAILED;
        }
        if (e instanceof WaitTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof RateLimitException || e instanceof ProviderUnavailableException
            || e instanceof ProviderTimeoutException) {
            return PROVIDER_UNAVAILABLE;
        }
        return OTHER;
    }
}
