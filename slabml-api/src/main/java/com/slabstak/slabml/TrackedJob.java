/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A fine-tuning job this installation started, kept so a wait can resume after a restart and a lost
 * create response can be recovered.
 *
 * @param jobId the provider's job id, once known
 * @param idempotencyKey the key sent with the create request
 * @param model the base model
 * @param trainingFileId the training file
 * @param task the task trained
 * @param status last status seen
 * @param fineTunedModel the result, once known
 * @param createdAt when the create was first attempted
 * @param updatedAt when this record last changed
 * @since 0.1
 */
public record TrackedJob(
    Optional<String> jobId,
    String idempotencyKey,
    String model,
    String trainingFileId,
    Optional<TaskName> task,
    Optional<JobStatus> status,
    Optional<String> fineTunedModel,
    java.time.Instant createdAt,
    java.time.Instant updatedAt
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param jobId the provider's job id, once known
     * @param idempotencyKey the key sent with the create request
     * @param model the base model
     * @param trainingFileId the training file
     * @param task the task trained
     * @param status last status seen
     * @param fineTunedModel the result, once known
     * @param createdAt when the create was first attempted
     * @param updatedAt when this record last changed
     */
    public TrackedJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(trainingFileId, "trainingFileId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(fineTunedModel, "fineTunedModel");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
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
        b.jobId = this.jobId.orElse(null);
        b.idempotencyKey = this.idempotencyKey;
        b.model = this.model;
        b.trainingFileId = this.trainingFileId;
        b.task = this.task.orElse(null);
        b.status = this.status.orElse(null);
        b.fineTunedModel = this.fineTunedModel.orElse(null);
        b.createdAt = this.createdAt;
        b.updatedAt = this.updatedAt;
        return b;
    }

    /** Builds TrackedJob values. */
    public static final class Builder {
        private String jobId;
        private String idempotencyKey;
        private String model;
        private String trainingFileId;
        private TaskName task;
        private JobStatus status;
        private String fineTunedModel;
        private java.time.Instant createdAt;
        private java.time.Instant updatedAt;

        private Builder() {
        }

        /**
         * Sets jobId; {@code null} clears it.
         *
         * @param jobId the provider's job id, once known
         * @return this builder
         */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        /**
         * Sets the key sent with the create request.
         *
         * @param idempotencyKey the key sent with the create request
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            return this;
        }

        /**
         * Sets the base model.
         *
         * @param model the base model
         * @return this builder
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Sets the training file.
         *
         * @param trainingFileId the training file
         * @return this builder
         */
        public Builder trainingFileId(String trainingFileId) {
            this.trainingFileId = Objects.requireNonNull(trainingFileId, "trainingFileId");
            return this;
        }

        /**
         * Sets task; {@code null} clears it.
         *
         * @param task the task trained
         * @return this builder
         */
        public Builder task(TaskName task) {
            this.task = task;
            return this;
        }

        /**
         * Sets status; {@code null} clears it.
         *
         * @param status last status seen
         * @return this builder
         */
        public Builder status(JobStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Sets fineTunedModel; {@code null} clears it.
         *
         * @param fineTunedModel the result, once known
         * @return this builder
         */
        public Builder fineTunedModel(String fineTunedModel) {
            this.fineTunedModel = fineTunedModel;
            return this;
        }

        /**
         * Sets when the create was first attempted.
         *
         * @param createdAt when the create was first attempted
         * @return this builder
         */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /**
         * Sets when this record last changed.
         *
         * @param updatedAt when this record last changed
         * @return this builder
         */
        public Builder updatedAt(java.time.Instant updatedAt) {
            this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public TrackedJob build() {
            return new TrackedJob(Optional.ofNullable(jobId), idempotencyKey, model, trainingFileId, Optional.ofNullable(task), Optional.ofNullable(status), Optional.ofNullable(fineTunedModel), createdAt, updatedAt);
        }
    }
}
