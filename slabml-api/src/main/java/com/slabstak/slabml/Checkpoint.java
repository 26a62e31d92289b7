/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A checkpoint a fine-tuning job saved at the end of an epoch, usable as a model.
 *
 * @param id the checkpoint id
 * @param jobId the job that produced it
 * @param model the checkpoint model name
 * @param step the step it was taken at
 * @param createdAt when it was saved
 * @param metrics metrics at that step
 * @since 0.1
 */
public record Checkpoint(
    String id,
    String jobId,
    String model,
    long step,
    java.time.Instant createdAt,
    Optional<JobMetrics> metrics
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param id the checkpoint id
     * @param jobId the job that produced it
     * @param model the checkpoint model name
     * @param step the step it was taken at
     * @param createdAt when it was saved
     * @param metrics metrics at that step
     */
    public Checkpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(metrics, "metrics");
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
        b.id = this.id;
        b.jobId = this.jobId;
        b.model = this.model;
        b.step = this.step;
        b.createdAt = this.createdAt;
        b.metrics = this.metrics.orElse(null);
        return b;
    }

    /** Builds Checkpoint values. */
    public static final class Builder {
        private String id;
        private String jobId;
        private String model;
        private long step;
        private java.time.Instant createdAt;
        private JobMetrics metrics;

        private Builder() {
        }

        /**
         * Sets the checkpoint id.
         *
         * @param id the checkpoint id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Sets the job that produced it.
         *
         * @param jobId the job that produced it
         * @return this builder
         */
        public Builder jobId(String jobId) {
            this.jobId = Objects.requireNonNull(jobId, "jobId");
            return this;
        }

        /**
         * Sets the checkpoint model name.
         *
         * @param model the checkpoint model name
         * @return this builder
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Sets the step it was taken at.
         *
         * @param step the step it was taken at
         * @return this builder
         */
        public Builder step(long step) {
            this.step = step;
            return this;
        }

        /**
         * Sets when it was saved.
         *
         * @param createdAt when it was saved
         * @return this builder
         */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /**
         * Sets metrics; {@code null} clears it.
         *
         * @param metrics metrics at that step
         * @return this builder
         */
        public Builder metrics(JobMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public Checkpoint build() {
            return new Checkpoint(id, jobId, model, step, createdAt, Optional.ofNullable(metrics));
        }
    }
}
