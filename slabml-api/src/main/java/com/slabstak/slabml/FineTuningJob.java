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
 */
public final class FineTuningJob {
    private final String id;
    private final String model;
    private final JobStatus status;
    private final java.time.Instant createdAt;
    private final String trainingFileId;
    private final String validationFileId;
    private final String fineTunedModel;
    private final java.time.Instant finishedAt;
    private final java.time.Instant estimatedFinish;
    private final Long trainedTokens;
    private final JobError error;
    private final Hyperparameters hyperparameters;
    private final com.slabstak.slabml.spi.TrainingMethod method;
    private final Long seed;
    private final Map<String, String> metadata;

    private FineTuningJob(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.model = Objects.requireNonNull(b.model, "model");
        this.status = Objects.requireNonNull(b.status, "status");
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.trainingFileId = Objects.requireNonNull(b.trainingFileId, "trainingFileId");
        this.validationFileId = b.validationFileId;
        this.fineTunedModel = b.fineTunedModel;
        this.finishedAt = b.finishedAt;
        this.estimatedFinish = b.estimatedFinish;
        this.trainedTokens = b.trainedTokens;
        this.error = b.error;
        this.hyperparameters = Objects.requireNonNull(b.hyperparameters, "hyperparameters");
        this.method = Objects.requireNonNull(b.method, "method");
        this.seed = b.seed;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = this.id;
        b.model = this.model;
        b.status = this.status;
        b.createdAt = this.createdAt;
        b.trainingFileId = this.trainingFileId;
        b.validationFileId = this.validationFileId;
        b.fineTunedModel = this.fineTunedModel;
        b.finishedAt = this.finishedAt;
        b.estimatedFinish = this.estimatedFinish;
        b.trainedTokens = this.trainedTokens;
        b.error = this.error;
        b.hyperparameters = this.hyperparameters;
        b.method = this.method;
        b.seed = this.seed;
        b.metadata.putAll(this.metadata);
        return b;
    }

    /** The provider's job id. */
    public String id() {
        return id;
    }

    /** The base model. */
    public String model() {
        return model;
    }

    /** Current status. */
    public JobStatus status() {
        return status;
    }

    /** When the job was created. */
    public java.time.Instant createdAt() {
        return createdAt;
    }

    /** The training file. */
    public String trainingFileId() {
        return trainingFileId;
    }

    /** The validation file. */
    public Optional<String> validationFileId() {
        return Optional.ofNullable(validationFileId);
    }

    /** The fine-tuned model, once the job succeeded. */
    public Optional<String> fineTunedModel() {
        return Optional.ofNullable(fineTunedModel);
    }

    /** When the job reached a terminal status. */
    public Optional<java.time.Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    /** The provider's estimate of when the job finishes. */
    public Optional<java.time.Instant> estimatedFinish() {
        return Optional.ofNullable(estimatedFinish);
    }

    /** Billable tokens processed, once known. */
    public java.util.OptionalLong trainedTokens() {
        return trainedTokens == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(trainedTokens);
    }

    /** Why the job failed; absent for jobs that did not fail. */
    public Optional<JobError> error() {
        return Optional.ofNullable(error);
    }

    /** Hyperparameters as resolved by the provider. */
    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** The seed used. */
    public java.util.OptionalLong seed() {
        return seed == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(seed);
    }

    /** Metadata stored with the job. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Returns whether the job has succeeded, failed or been cancelled. */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    /**
     * How the job trains: {@code SUPERVISED} or {@code PREFERENCE} (DPO).
     *
     * @return the method
     * @since 0.2
     */
    public com.slabstak.slabml.spi.TrainingMethod method() {
        return method;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FineTuningJob)) {
            return false;
        }
        FineTuningJob that = (FineTuningJob) o;
        return Objects.equals(id, that.id)
            && Objects.equals(model, that.model)
            && Objects.equals(status, that.status)
            && Objects.equals(createdAt, that.createdAt)
            && Objects.equals(trainingFileId, that.trainingFileId)
            && Objects.equals(validationFileId, that.validationFileId)
            && Objects.equals(fineTunedModel, that.fineTunedModel)
            && Objects.equals(finishedAt, that.finishedAt)
            && Objects.equals(estimatedFinish, that.estimatedFinish)
            && Objects.equals(trainedTokens, that.trainedTokens)
            && Objects.equals(error, that.error)
            && Objects.equals(hyperparameters, that.hyperparameters)
            && method.equals(that.method)
            && Objects.equals(seed, that.seed)
            && Objects.equals(metadata, that.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, model, status, createdAt, trainingFileId, validationFileId, fineTunedModel, finishedAt, estimatedFinish, trainedTokens, error, hyperparameters, method, seed, metadata);
    }

    @Override
    public String toString() {
        return "FineTuningJob{"
            + "id=" + id
            + ", model=" + model
            + ", status=" + status
            + ", createdAt=" + createdAt
            + ", trainingFileId=" + trainingFileId
            + ", validationFileId=" + validationFileId
            + ", fineTunedModel=" + fineTunedModel
            + ", finishedAt=" + finishedAt
            + ", estimatedFinish=" + estimatedFinish
            + ", trainedTokens=" + trainedTokens
            + ", error=" + error
            + ", hyperparameters=" + hyperparameters
            + ", method=" + method
            + ", seed=" + seed
            + ", metadata=" + metadata
            + '}';
    }

    /** Builds FineTuningJob values. */
    public static final class Builder {
        private String id;
        private String model;
        private JobStatus status;
        private java.time.Instant createdAt;
        private String trainingFileId;
        private String validationFileId;
        private String fineTunedModel;
        private java.time.Instant finishedAt;
        private java.time.Instant estimatedFinish;
        private Long trainedTokens;
        private JobError error;
        private Hyperparameters hyperparameters = Hyperparameters.auto();
        private com.slabstak.slabml.spi.TrainingMethod method = com.slabstak.slabml.spi.TrainingMethod.SUPERVISED;
        private Long seed;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder status(JobStatus status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        public Builder trainingFileId(String trainingFileId) {
            this.trainingFileId = Objects.requireNonNull(trainingFileId, "trainingFileId");
            return this;
        }

        /** Sets validationFileId; {@code null} clears it. */
        public Builder validationFileId(String validationFileId) {
            this.validationFileId = validationFileId;
            return this;
        }

        /** Sets fineTunedModel; {@code null} clears it. */
        public Builder fineTunedModel(String fineTunedModel) {
            this.fineTunedModel = fineTunedModel;
            return this;
        }

        /** Sets finishedAt; {@code null} clears it. */
        public Builder finishedAt(java.time.Instant finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        /** Sets estimatedFinish; {@code null} clears it. */
        public Builder estimatedFinish(java.time.Instant estimatedFinish) {
            this.estimatedFinish = estimatedFinish;
            return this;
        }

        /** Sets trainedTokens; {@code null} clears it. */
        public Builder trainedTokens(Long trainedTokens) {
            this.trainedTokens = trainedTokens;
            return this;
        }

        /** Sets error; {@code null} clears it. */
        public Builder error(JobError error) {
            this.error = error;
            return this;
        }

        /**
         * Sets how the job trains; default {@code SUPERVISED}.
         *
         * @param method the method
         * @return this builder
         * @since 0.2
         */
        public Builder method(com.slabstak.slabml.spi.TrainingMethod method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        public Builder hyperparameters(Hyperparameters hyperparameters) {
            this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
            return this;
        }

        /** Sets seed; {@code null} clears it. */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder metadata(Map<? extends String, ? extends String> metadata) {
            this.metadata.clear();
            this.metadata.putAll(Objects.requireNonNull(metadata, "metadata"));
            return this;
        }

        public Builder putMetadata(String key, String value) {
            this.metadata.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public FineTuningJob build() {
            return new FineTuningJob(this);
        }
    }
}
