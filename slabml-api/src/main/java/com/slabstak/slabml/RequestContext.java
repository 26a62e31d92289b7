/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-request information the host passes to the model manager: the subject whose rollout arm
 * should stay the same across requests, and an optional per-call timeout.
 *
 * {@code
 * manager.identifyCard(ocrText, RequestContext.forSubject(userId));
 * }
 */
public final class RequestContext {
    private final String subject;
    private final java.time.Duration timeout;

    private RequestContext(Builder b) {
        this.subject = b.subject;
        this.timeout = b.timeout;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.subject = this.subject;
        b.timeout = this.timeout;
        return b;
    }

    /** The key sticky rollout hashes, usually the user id. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** Per-call timeout. */
    public Optional<java.time.Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    private static final RequestContext EMPTY = builder().build();

    /** Returns a context without subject or timeout. */
    public static RequestContext none() {
        return EMPTY;
    }

    /** Returns a context for one subject (for example a user id). */
    public static RequestContext forSubject(String subject) {
        return builder().subject(Objects.requireNonNull(subject, "subject")).build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RequestContext)) {
            return false;
        }
        RequestContext that = (RequestContext) o;
        return Objects.equals(subject, that.subject)
            && Objects.equals(timeout, that.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, timeout);
    }

    @Override
    public String toString() {
        return "RequestContext{"
            + "subject=" + subject
            + ", timeout=" + timeout
            + '}';
    }

    /** Builds RequestContext values. */
    public static final class Builder {
        private String subject;
        private java.time.Duration timeout;

        private Builder() {
        }

        /** Sets subject; {@code null} clears it. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** Sets timeout; {@code null} clears it. */
        public Builder timeout(java.time.Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public RequestContext build() {
            return new RequestContext(this);
        }
    }
}
