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
 * A fine-tuned model SlabML produced, with where it came from and how it scored.
 */
public final class ModelVersion {
    private final TaskName task;
    private final String modelId;
    private final String baseModel;
    private final String jobId;
    private final String trainingFile;
    private final java.time.Instant createdAt;
    private final Map<String, Double> metrics;

    private ModelVersion(Builder b) {
        this.task = Objects.requireNonNull(b.task, "task");
        this.modelId = Objects.requireNonNull(b.modelId, "modelId");
        this.baseModel = Objects.requireNonNull(b.baseModel, "baseModel");
        this.jobId = b.jobId;
        this.trainingFile = b.trainingFile;
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(b.metrics));
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.task = this.task;
        b.modelId = this.modelId;
        b.baseModel = this.baseModel;
        b.jobId = this.jobId;
        b.trainingFile = this.trainingFile;
        b.createdAt = this.createdAt;
        b.metrics.putAll(this.metrics);
        return b;
    }

    /** The task it serves. */
    public TaskName task() {
        return task;
    }

    /** The fine-tuned model id. */
    public String modelId() {
        return modelId;
    }

    /** The model it was tuned from. */
    public String baseModel() {
        return baseModel;
    }

    /** The job that produced it. */
    public Optional<String> jobId() {
        return Optional.ofNullable(jobId);
    }

    /** The export it was trained on. */
    public Optional<String> trainingFile() {
        return Optional.ofNullable(trainingFile);
    }

    /** When it was registered. */
    public java.time.Instant createdAt() {
        return createdAt;
    }

    /** Training and evaluation metrics. */
    public Map<String, Double> metrics() {
        return metrics;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelVersion)) {
            return false;
        }
        ModelVersion that = (ModelVersion) o;
        return Objects.equals(task, that.task)
            && Objects.equals(modelId, that.modelId)
            && Objects.equals(baseModel, that.baseModel)
            && Objects.equals(jobId, that.jobId)
            && Objects.equals(trainingFile, that.trainingFile)
            && Objects.equals(createdAt, that.createdAt)
            && Objects.equals(metrics, that.metrics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, modelId, baseModel, jobId, trainingFile, createdAt, metrics);
    }

    @Override
    public String toString() {
        return "ModelVersion{"
            + "task=" + task
            + ", modelId=" + modelId
            + ", baseModel=" + baseModel
            + ", jobId=" + jobId
            + ", trainingFile=" + trainingFile
            + ", createdAt=" + createdAt
            + ", metrics=" + metrics
            + '}';
    }

    /** Builds ModelVersion values. */
    public static final class Builder {
        private TaskName task;
        private String modelId;
        private String baseModel;
        private String jobId;
        private String trainingFile;
        private java.time.Instant createdAt;
        private final Map<String, Double> metrics = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        public Builder modelId(String modelId) {
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            return this;
        }

        public Builder baseModel(String baseModel) {
            this.baseModel = Objects.requireNonNull(baseModel, "baseModel");
            return this;
        }

        /** Sets jobId; {@code null} clears it. */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        /** Sets trainingFile; {@code null} clears it. */
        public Builder trainingFile(String trainingFile) {
            this.trainingFile = trainingFile;
            return this;
        }

        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        public Builder metrics(Map<? extends String, ? extends Double> metrics) {
            this.metrics.clear();
            this.metrics.putAll(Objects.requireNonNull(metrics, "metrics"));
            return this;
        }

        public Builder putMetric(String key, Double value) {
            this.metrics.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public ModelVersion build() {
            return new ModelVersion(this);
        }
    }
}
