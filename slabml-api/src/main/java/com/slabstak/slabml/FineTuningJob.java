/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fine-tuning job as the provider reports it. {@link #status()} is an open value: providers
 * return statuses beyond the documented ones.
 *
 * @param id the provider's job id
 * @param model the base model
 * @param status current status
 * @param createdAt when the job was created
 * @param trainingFileId the training file
 * @param validationFileId the validation file
 * @param fineTunedModel the fine-tuned model, once the job succeeded
 * @param finishedAt when the job reached a terminal status
 * @param estimatedFinish the provider's estimate of when the job finishes
 * @param trainedTokens billable tokens processed, once known
 * @param error why the job failed; absent for jobs that did not fail
 * @param hyperparameters hyperparameters as resolved by the provider
 * @param method how the job trains: {@code SUPERVISED} or {@code PREFERENCE} (DPO)
 * @param seed the seed used
 * @param metadata metadata stored with the job
 * @since 0.1
 */
public record FineTuningJob(
    String id,
    String model,
    JobStatus status,
    java.time.Instant createdAt,
    String trainingFileId,
    Optional<String> validationFileId,
    Optional<String> fineTunedModel,
    Optional<java.time.Instant> finishedAt,
    Optional<java.time.Instant> estimatedFinish,
    java.util.OptionalLong trainedTokens,
    Optional<JobError> error,
    Hyperparameters hyperparameters,
    com.slabstak.slabml.spi.TrainingMethod method,
    java.util.OptionalLong seed,
    Map<String, String> metadata
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param id the provider's job id
     * @param model the base model
     * @param status current status
     * @param createdAt when the job was created
     * @param trainingFileId the training file
     * @param validationFileId the validation file
     * @param fineTunedModel the fine-tuned model, once the job succeeded
     * @param finishedAt when the job reached a terminal status
     * @param estimatedFinish the provider's estimate of when the job finishes
     * @param trainedTokens billable tokens processed, once known
     * @param error why the job failed; absent for jobs that did not fail
     * @param hyperparameters hyperparameters as resolved by the provider
     * @param method how the job trains: {@code SUPERVISED} or {@code PREFERENCE} (DPO)
     * @param seed the seed used
     * @param metadata metadata stored with the job
     */
    public FineTuningJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(trainingFileId, "trainingFileId");
        Objects.requireNonNull(validationFileId, "validationFileId");
        Objects.requireNonNull(fineTunedModel, "fineTunedModel");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(estimatedFinish, "estimatedFinish");
        Objects.requireNonNull(trainedTokens, "trainedTokens");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(hyperparameters, "hyperparameters");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(seed, "seed");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
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
        Builder b = new Builder().copySpec(trainingFileId, model, validationFileId, hyperparameters, method, seed, metadata);
        b.id = this.id;
        b.status = this.status;
        b.createdAt = this.createdAt;
        b.fineTunedModel = this.fineTunedModel.orElse(null);
        b.finishedAt = this.finishedAt.orElse(null);
        b.estimatedFinish = this.estimatedFinish.orElse(null);
        b.trainedTokens = this.trainedTokens.isPresent() ? Long.valueOf(this.trainedTokens.getAsLong()) : null;
        b.error = this.error.orElse(null);
        return b;
    }

    /**
     * Returns whether the job has succeeded, failed or been cancelled.
     *
     * @return whether the job has succeeded, failed or been cancelled
     */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** Builds FineTuningJob values. */
    public static final class Builder extends JobSpecBuilder<Builder> {
        private String id;
        private JobStatus status;
        private java.time.Instant createdAt;
        private String fineTunedModel;
        private java.time.Instant finishedAt;
        private java.time.Instant estimatedFinish;
        private Long trainedTokens;
        private JobError error;

        private Builder() {
        }

        /**
         * Sets the provider's job id.
         *
         * @param id the provider's job id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Sets current status.
         *
         * @param status current status
         * @return this builder
         */
        public Builder status(JobStatus status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * Sets when the job was created.
         *
         * @param createdAt when the job was created
         * @return this builder
         */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /**
         * Sets fineTunedModel; {@code null} clears it.
         *
         * @param fineTunedModel the fine-tuned model, once the job succeeded
         * @return this builder
         */
        public Builder fineTunedModel(String fineTunedModel) {
            this.fineTunedModel = fineTunedModel;
            return this;
        }

        /**
         * Sets finishedAt; {@code null} clears it.
         *
         * @param finishedAt when the job reached a terminal status
         * @return this builder
         */
        public Builder finishedAt(java.time.Instant finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        /**
         * Sets estimatedFinish; {@code null} clears it.
         *
         * @param estimatedFinish the provider's estimate of when the job finishes
         * @return this builder
         */
        public Builder estimatedFinish(java.time.Instant estimatedFinish) {
            this.estimatedFinish = estimatedFinish;
            return this;
        }

        /**
         * Sets trainedTokens; {@code null} clears it.
         *
         * @param trainedTokens billable tokens processed, once known
         * @return this builder
         */
        public Builder trainedTokens(Long trainedTokens) {
            this.trainedTokens = trainedTokens;
            return this;
        }

        /**
         * Sets error; {@code null} clears it.
         *
         * @param error why the job failed; absent for jobs that did not fail
         * @return this builder
         */
        public Builder error(JobError error) {
            this.error = error;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public FineTuningJob build() {
            return new FineTuningJob(id, model, status, createdAt, trainingFileId, Optional.ofNullable(validationFileId), Optional.ofNullable(fineTunedModel), Optional.ofNullable(finishedAt), Optional.ofNullable(estimatedFinish), trainedTokens == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(trainedTokens), Optional.ofNullable(error), hyperparameters, method, optionalSeed(), metadata);
        }
    }
}
