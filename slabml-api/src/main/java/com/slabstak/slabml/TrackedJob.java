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
 */
public final class TrackedJob {
    private final String jobId;
    private final String idempotencyKey;
    private final String model;
    private final String trainingFileId;
    private final TaskName task;
    private final JobStatus status;
    private final String fineTunedModel;
    private final java.time.Instant createdAt;
    private final java.time.Instant updatedAt;

    private TrackedJob(Builder b) {
        this.jobId = b.jobId;
        this.idempotencyKey = Objects.requireNonNull(b.idempotencyKey, "idempotencyKey");
        this.model = Objects.requireNonNull(b.model, "model");
        this.trainingFileId = Objects.requireNonNull(b.trainingFileId, "trainingFileId");
        this.task = b.task;
        this.status = b.status;
        this.fineTunedModel = b.fineTunedModel;
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(b.updatedAt, "updatedAt");
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.jobId = this.jobId;
        b.idempotencyKey = this.idempotencyKey;
        b.model = this.model;
        b.trainingFileId = this.trainingFileId;
        b.task = this.task;
        b.status = this.status;
        b.fineTunedModel = this.fineTunedModel;
        b.createdAt = this.createdAt;
        b.updatedAt = this.updatedAt;
        return b;
    }

    /** The provider's job id, once known. */
    public Optional<String> jobId() {
        return Optional.ofNullable(jobId);
    }

    /** The key sent with the create request. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The base model. */
    public String model() {
        return model;
    }

    /** The training file. */
    public String trainingFileId() {
        return trainingFileId;
    }

    /** The task trained. */
    public Optional<TaskName> task() {
        return Optional.ofNullable(task);
    }

    /** Last status seen. */
    public Optional<JobStatus> status() {
        return Optional.ofNullable(status);
    }

    /** The result, once known. */
    public Optional<String> fineTunedModel() {
        return Optional.ofNullable(fineTunedModel);
    }

    /** When the create was first attempted. */
    public java.time.Instant createdAt() {
        return createdAt;
    }

    /** When this record last changed. */
    public java.time.Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TrackedJob)) {
            return false;
        }
        TrackedJob that = (TrackedJob) o;
        return Objects.equals(jobId, that.jobId)
            && Objects.equals(idempotencyKey, that.idempotencyKey)
            && Objects.equals(model, that.model)
            && Objects.equals(trainingFileId, that.trainingFileId)
            && Objects.equals(task, that.task)
            && Objects.equals(status, that.status)
            && Objects.equals(fineTunedModel, that.fineTunedModel)
            && Objects.equals(createdAt, that.createdAt)
            && Objects.equals(updatedAt, that.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, idempotencyKey, model, trainingFileId, task, status, fineTunedModel, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "TrackedJob{"
            + "jobId=" + jobId
            + ", idempotencyKey=" + idempotencyKey
            + ", model=" + model
            + ", trainingFileId=" + trainingFileId
            + ", task=" + task
            + ", status=" + status
            + ", fineTunedModel=" + fineTunedModel
            + ", createdAt=" + createdAt
            + ", updatedAt=" + updatedAt
            + '}';
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

        /** Sets jobId; {@code null} clears it. */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            return this;
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder trainingFileId(String trainingFileId) {
            this.trainingFileId = Objects.requireNonNull(trainingFileId, "trainingFileId");
            return this;
        }

        /** Sets task; {@code null} clears it. */
        public Builder task(TaskName task) {
            this.task = task;
            return this;
        }

        /** Sets status; {@code null} clears it. */
        public Builder status(JobStatus status) {
            this.status = status;
            return this;
        }

        /** Sets fineTunedModel; {@code null} clears it. */
        public Builder fineTunedModel(String fineTunedModel) {
            this.fineTunedModel = fineTunedModel;
            return this;
        }

        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        public Builder updatedAt(java.time.Instant updatedAt) {
            this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
            return this;
        }

        public TrackedJob build() {
            return new TrackedJob(this);
        }
    }
}
