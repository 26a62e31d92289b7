/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link FineTuningManager#waitForCompletion} polls: the first interval, the back-off ceiling,
 * the overall timeout, and the listener that sees each status change and event.
 *
 * <pre>{@code
 * WaitOptions o = WaitOptions.builder().timeout(Duration.ofHours(2)).listener(progress).build();
 * }</pre>
 *
 * @param pollInterval first interval between polls
 * @param maxPollInterval ceiling of the back-off
 * @param timeout give up after this long
 * @param listener sees status changes and new events
 * @since 0.1
 */
public record WaitOptions(
    java.time.Duration pollInterval,
    java.time.Duration maxPollInterval,
    java.time.Duration timeout,
    JobListener listener
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param pollInterval first interval between polls
     * @param maxPollInterval ceiling of the back-off
     * @param timeout give up after this long
     * @param listener sees status changes and new events
     */
    public WaitOptions {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(maxPollInterval, "maxPollInterval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(listener, "listener");
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
        b.pollInterval = this.pollInterval;
        b.maxPollInterval = this.maxPollInterval;
        b.timeout = this.timeout;
        b.listener = this.listener;
        return b;
    }

    /**
     * Returns the default options.
     *
     * @return the default options
     */
    public static WaitOptions defaults() {
        return builder().build();
    }

    /** Builds WaitOptions values. */
    public static final class Builder {
        private java.time.Duration pollInterval = Duration.ofSeconds(5);
        private java.time.Duration maxPollInterval = Duration.ofSeconds(60);
        private java.time.Duration timeout = Duration.ofHours(3);
        private JobListener listener = JobListener.NONE;

        private Builder() {
        }

        /**
         * Sets first interval between polls.
         *
         * @param pollInterval first interval between polls
         * @return this builder
         */
        public Builder pollInterval(java.time.Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
            return this;
        }

        /**
         * Sets ceiling of the back-off.
         *
         * @param maxPollInterval ceiling of the back-off
         * @return this builder
         */
        public Builder maxPollInterval(java.time.Duration maxPollInterval) {
            this.maxPollInterval = Objects.requireNonNull(maxPollInterval, "maxPollInterval");
            return this;
        }

        /**
         * Sets give up after this long.
         *
         * @param timeout give up after this long
         * @return this builder
         */
        public Builder timeout(java.time.Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets sees status changes and new events.
         *
         * @param listener sees status changes and new events
         * @return this builder
         */
        public Builder listener(JobListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public WaitOptions build() {
            return new WaitOptions(pollInterval, maxPollInterval, timeout, listener);
        }
    }
}
