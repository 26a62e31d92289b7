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
 *
 * @param task the task
 * @param modelUsed the model that produced the answer
 * @param finetuned whether that model is a fine-tuned one
 * @param arm which rollout arm served the request
 * @param bucket the subject's sticky bucket (1-100), when a subject was given
 * @param sticky whether the arm came from a subject (sticky) rather than at random
 * @param latency time spent in the call, fallback included
 * @param usage tokens used
 * @param fallbackReason why the candidate model was bypassed, for fallbacks
 * @param cacheHit whether the answer came from the response cache
 * @since 0.1
 */
public record PredictionMetadata(
    TaskName task,
    String modelUsed,
    boolean finetuned,
    Arm arm,
    java.util.OptionalInt bucket,
    boolean sticky,
    java.time.Duration latency,
    TokenUsage usage,
    Optional<String> fallbackReason,
    boolean cacheHit
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param task the task
     * @param modelUsed the model that produced the answer
     * @param finetuned whether that model is a fine-tuned one
     * @param arm which rollout arm served the request
     * @param bucket the subject's sticky bucket (1-100), when a subject was given
     * @param sticky whether the arm came from a subject (sticky) rather than at random
     * @param latency time spent in the call, fallback included
     * @param usage tokens used
     * @param fallbackReason why the candidate model was bypassed, for fallbacks
     * @param cacheHit whether the answer came from the response cache
     */
    public PredictionMetadata {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(modelUsed, "modelUsed");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(fallbackReason, "fallbackReason");
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
        b.task = this.task;
        b.modelUsed = this.modelUsed;
        b.finetuned = this.finetuned;
        b.arm = this.arm;
        b.bucket = this.bucket.isPresent() ? Integer.valueOf(this.bucket.getAsInt()) : null;
        b.sticky = this.sticky;
        b.latency = this.latency;
        b.usage = this.usage;
        b.fallbackReason = this.fallbackReason.orElse(null);
        b.cacheHit = this.cacheHit;
        return b;
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

        /**
         * Sets the task.
         *
         * @param task the task
         * @return this builder
         */
        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * Sets the model that produced the answer.
         *
         * @param modelUsed the model that produced the answer
         * @return this builder
         */
        public Builder modelUsed(String modelUsed) {
            this.modelUsed = Objects.requireNonNull(modelUsed, "modelUsed");
            return this;
        }

        /**
         * Sets whether that model is a fine-tuned one.
         *
         * @param finetuned whether that model is a fine-tuned one
         * @return this builder
         */
        public Builder finetuned(boolean finetuned) {
            this.finetuned = finetuned;
            return this;
        }

        /**
         * Sets which rollout arm served the request.
         *
         * @param arm which rollout arm served the request
         * @return this builder
         */
        public Builder arm(Arm arm) {
            this.arm = Objects.requireNonNull(arm, "arm");
            return this;
        }

        /**
         * Sets bucket; {@code null} clears it.
         *
         * @param bucket the subject's sticky bucket (1-100), when a subject was given
         * @return this builder
         */
        public Builder bucket(Integer bucket) {
            this.bucket = bucket;
            return this;
        }

        /**
         * Sets whether the arm came from a subject (sticky) rather than at random.
         *
         * @param sticky whether the arm came from a subject (sticky) rather than at random
         * @return this builder
         */
        public Builder sticky(boolean sticky) {
            this.sticky = sticky;
            return this;
        }

        /**
         * Sets time spent in the call, fallback included.
         *
         * @param latency time spent in the call, fallback included
         * @return this builder
         */
        public Builder latency(java.time.Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /**
         * Sets tokens used.
         *
         * @param usage tokens used
         * @return this builder
         */
        public Builder usage(TokenUsage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        /**
         * Sets fallbackReason; {@code null} clears it.
         *
         * @param fallbackReason why the candidate model was bypassed, for fallbacks
         * @return this builder
         */
        public Builder fallbackReason(String fallbackReason) {
            this.fallbackReason = fallbackReason;
            return this;
        }

        /**
         * Sets whether the answer came from the response cache.
         *
         * @param cacheHit whether the answer came from the response cache
         * @return this builder
         */
        public Builder cacheHit(boolean cacheHit) {
            this.cacheHit = cacheHit;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public PredictionMetadata build() {
            return new PredictionMetadata(task, modelUsed, finetuned, arm, bucket == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(bucket), sticky, latency, usage, Optional.ofNullable(fallbackReason), cacheHit);
        }
    }
}
