/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What every prediction carries besides its value: which model and rollout arm served it, the
 * sticky bucket, latency and token usage.
 */
public final class PredictionMetadata {
    private final TaskName task;
    private final String modelUsed;
    private final boolean finetuned;
    private final Arm arm;
    private final Integer bucket;
    private final boolean sticky;
    private final java.time.Duration latency;
    private final TokenUsage usage;
    private final String fallbackReason;
    private final boolean cacheHit;

    private PredictionMetadata(Builder b) {
        this.task = Objects.requireNonNull(b.task, "task");
        this.modelUsed = Objects.requireNonNull(b.modelUsed, "modelUsed");
        this.finetuned = b.finetuned;
        this.arm = Objects.requireNonNull(b.arm, "arm");
        this.bucket = b.bucket;
        this.sticky = b.sticky;
        this.latency = Objects.requireNonNull(b.latency, "latency");
        this.usage = Objects.requireNonNull(b.usage, "usage");
        this.fallbackReason = b.fallbackReason;
        this.cacheHit = b.cacheHit;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.task = this.task;
        b.modelUsed = this.modelUsed;
        b.finetuned = this.finetuned;
        b.arm = this.arm;
        b.bucket = this.bucket;
        b.sticky = this.sticky;
        b.latency = this.latency;
        b.usage = this.usage;
        b.fallbackReason = this.fallbackReason;
        b.cacheHit = this.cacheHit;
        return b;
    }

    /** The task. */
    public TaskName task() {
        return task;
    }

    /** The model that produced the answer. */
    public String modelUsed() {
        return modelUsed;
    }

    /** Whether that model is a fine-tuned one. */
    public boolean finetuned() {
        return finetuned;
    }

    /** Which rollout arm served the request. */
    public Arm arm() {
        return arm;
    }

    /** The subject's sticky bucket (1-100), when a subject was given. */
    public java.util.OptionalInt bucket() {
        return bucket == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(bucket);
    }

    /** Whether the arm came from a subject (sticky) rather than at random. */
    public boolean sticky() {
        return sticky;
    }

    /** Time spent in the call, fallback included. */
    public java.time.Duration latency() {
        return latency;
    }

    /** Tokens used. */
    public TokenUsage usage() {
        return usage;
    }

    /** Why the candidate model was bypassed, for fallbacks. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    /** Whether the answer came from the response cache. */
    public boolean cacheHit() {
        return cacheHit;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PredictionMetadata)) {
            return false;
        }
        PredictionMetadata that = (PredictionMetadata) o;
        return Objects.equals(task, that.task)
            && Objects.equals(modelUsed, that.modelUsed)
            && Objects.equals(finetuned, that.finetuned)
            && Objects.equals(arm, that.arm)
            && Objects.equals(bucket, that.bucket)
            && Objects.equals(sticky, that.sticky)
            && Objects.equals(latency, that.latency)
            && Objects.equals(usage, that.usage)
            && Objects.equals(fallbackReason, that.fallbackReason)
            && Objects.equals(cacheHit, that.cacheHit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, modelUsed, finetuned, arm, bucket, sticky, latency, usage, fallbackReason, cacheHit);
    }

    @Override
    public String toString() {
        return "PredictionMetadata{"
            + "task=" + task
            + ", modelUsed=" + modelUsed
            + ", finetuned=" + finetuned
            + ", arm=" + arm
            + ", bucket=" + bucket
            + ", sticky=" + sticky
            + ", latency=" + latency
            + ", usage=" + usage
            + ", fallbackReason=" + fallbackReason
            + ", cacheHit=" + cacheHit
            + '}';
    }

    /** Builds PredictionMetadata values. */
    public static final class Builder {
        private TaskName task;
        private String modelUsed;
        private boolean finetuned;
        private Arm arm = Arm.BASE;
        private Integer bucket;
        private boolean sticky;
        private java.time.Duration latency = Duration.ZERO;
        private TokenUsage usage = TokenUsage.ZERO;
        private String fallbackReason;
        private boolean cacheHit;

        private Builder() {
        }

        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        public Builder modelUsed(String modelUsed) {
            this.modelUsed = Objects.requireNonNull(modelUsed, "modelUsed");
            return this;
        }

        public Builder finetuned(boolean finetuned) {
            this.finetuned = finetuned;
            return this;
        }

        public Builder arm(Arm arm) {
            this.arm = Objects.requireNonNull(arm, "arm");
            return this;
        }

        /** Sets bucket; {@code null} clears it. */
        public Builder bucket(Integer bucket) {
            this.bucket = bucket;
            return this;
        }

        public Builder sticky(boolean sticky) {
            this.sticky = sticky;
            return this;
        }

        public Builder latency(java.time.Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        public Builder usage(TokenUsage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        /** Sets fallbackReason; {@code null} clears it. */
        public Builder fallbackReason(String fallbackReason) {
            this.fallbackReason = fallbackReason;
            return this;
        }

        public Builder cacheHit(boolean cacheHit) {
            this.cacheHit = cacheHit;
            return this;
        }

        public PredictionMetadata build() {
            return new PredictionMetadata(this);
        }
    }
}
