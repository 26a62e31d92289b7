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
 * {@code
 * WaitOptions o = WaitOptions.builder().timeout(Duration.ofHours(2)).listener(progress).build();
 * }
 */
public final class WaitOptions {
    private final java.time.Duration pollInterval;
    private final java.time.Duration maxPollInterval;
    private final java.time.Duration timeout;
    private final JobListener listener;

    private WaitOptions(Builder b) {
        this.pollInterval = Objects.requireNonNull(b.pollInterval, "pollInterval");
        this.maxPollInterval = Objects.requireNonNull(b.maxPollInterval, "maxPollInterval");
        this.timeout = Objects.requireNonNull(b.timeout, "timeout");
        this.listener = Objects.requireNonNull(b.listener, "listener");
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pollInterval = this.pollInterval;
        b.maxPollInterval = this.maxPollInterval;
        b.timeout = this.timeout;
        b.listener = this.listener;
        return b;
    }

    /** First interval between polls. */
    public java.time.Duration pollInterval() {
        return pollInterval;
    }

    /** Ceiling of the back-off. */
    public java.time.Duration maxPollInterval() {
        return maxPollInterval;
    }

    /** Give up after this long. */
    public java.time.Duration timeout() {
        return timeout;
    }

    /** Sees status changes and new events. */
    public JobListener listener() {
        return listener;
    }

    /** Returns the default options. */
    public static WaitOptions defaults() {
        return builder().build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WaitOptions)) {
            return false;
        }
        WaitOptions that = (WaitOptions) o;
        return Objects.equals(pollInterval, that.pollInterval)
            && Objects.equals(maxPollInterval, that.maxPollInterval)
            && Objects.equals(timeout, that.timeout)
            && Objects.equals(listener, that.listener);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pollInterval, maxPollInterval, timeout, listener);
    }

    @Override
    public String toString() {
        return "WaitOptions{"
            + "pollInterval=" + pollInterval
            + ", maxPollInterval=" + maxPollInterval
            + ", timeout=" + timeout
            + ", listener=" + listener
            + '}';
    }

    /** Builds WaitOptions values. */
    public static final class Builder {
        private java.time.Duration pollInterval = Duration.ofSeconds(5);
        private java.time.Duration maxPollInterval = Duration.ofSeconds(60);
        private java.time.Duration timeout = Duration.ofHours(3);
        private JobListener listener = JobListener.NONE;

        private Builder() {
        }

        public Builder pollInterval(java.time.Duration pollInterval) {
            this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
            return this;
        }

        public Builder maxPollInterval(java.time.Duration maxPollInterval) {
            this.maxPollInterval = Objects.requireNonNull(maxPollInterval, "maxPollInterval");
            return this;
        }

        public Builder timeout(java.time.Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder listener(JobListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public WaitOptions build() {
            return new WaitOptions(this);
        }
    }
}
