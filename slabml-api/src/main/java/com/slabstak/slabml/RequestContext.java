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
 * <pre>{@code
 * manager.identifyCard(ocrText, RequestContext.forSubject(userId));
 * }</pre>
 *
 * @param subject the key sticky rollout hashes, usually the user id
 * @param timeout per-call timeout
 * @since 0.1
 */
public record RequestContext(Optional<String> subject, Optional<java.time.Duration> timeout) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param subject the key sticky rollout hashes, usually the user id
     * @param timeout per-call timeout
     */
    public RequestContext {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with no value set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from this value.
     *
     * @return a builder holding this value's components
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.subject = this.subject.orElse(null);
        b.timeout = this.timeout.orElse(null);
        return b;
    }

    private static final RequestContext EMPTY = builder().build();

    /**
     * Returns a context without subject or timeout.
     *
     * @return a context without subject or timeout
     */
    public static RequestContext none() {
        return EMPTY;
    }

    /**
     * Returns a context for one subject (for example a user id).
     *
     * @param subject the key sticky rollout hashes, usually the user id
     * @return a context for one subject (for example a user id)
     */
    public static RequestContext forSubject(String subject) {
        return builder().subject(Objects.requireNonNull(subject, "subject")).build();
    }

    /** Builds RequestContext values. */
    public static final class Builder {
        private String subject;
        private java.time.Duration timeout;

        private Builder() {
        }

        /**
         * Sets subject; {@code null} clears it.
         *
         * @param subject the key sticky rollout hashes, usually the user id
         * @return this builder
         */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /**
         * Sets timeout; {@code null} clears it.
         *
         * @param timeout per-call timeout
         * @return this builder
         */
        public Builder timeout(java.time.Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public RequestContext build() {
            return new RequestContext(Optional.ofNullable(subject), Optional.ofNullable(timeout));
        }
    }
}
