/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.StoreException;
import java.io.IOException;

/**
 * Why a write failed, and what it left behind: {@link StoreException.Outcome#NOT_WRITTEN} when the
 * file is as it was before (nothing was written, or what was written is cut off again),
 * {@link StoreException.Outcome#UNKNOWN} when the bytes may be in the file (a failed force, or a
 * failed write that could not be undone).
 */
final class WriteFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final StoreException.Outcome outcome;

    WriteFailure(String message, Throwable cause, StoreException.Outcome outcome) {
        super(message, cause);
        this.outcome = outcome;
    }

    static WriteFailure notWritten(Throwable cause) {
        return new WriteFailure(cause.getMessage() + " (nothing was stored)", cause, StoreException.Outcome.NOT_WRITTEN);
    }

    static WriteFailure unknown(String what, Throwable cause) {
        return new WriteFailure(what + ": " + cause.getMessage() + " (the record may be stored: retry with the same id)",
            cause, StoreException.Outcome.UNKNOWN);
    }

    /** The outcome of a failure: a {@link WriteFailure}'s, else unknown. */
    static StoreException.Outcome outcomeOf(Throwable failure) {
        return failure instanceof WriteFailure ? ((WriteFailure) failure).outcome : StoreException.Outcome.UNKNOWN;
    }

    /** The underlying error, for messages: the cause of a {@link WriteFailure}, else the failure. */
    static Throwable rootOf(Throwable failure) {
        return failure instanceof WriteFailure && failure.getCause() != null ? failure.getCause() : failure;
    }
}
