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
 *
 * @param task the task it serves
 * @param modelId the fine-tuned model id
 * @param baseModel the model it was tuned from
 * @param jobId the job that produced it
 * @param trainingFile the export it was trained on
 * @param createdAt when it was registered
 * @param metrics training and evaluation metrics
 * @since 0.1
 */
public record ModelVersion(
    TaskName task,
    String modelId,
    String baseModel,
    Optional<String> jobId,
    Optional<String> trainingFile,
    java.time.Instant createdAt,
    Map<String, Double> metrics
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param task the task it serves
     * @param modelId the fine-tuned model id
     * @param baseModel the model it was tuned from
     * @param jobId the job that produced it
     * @param trainingFile the export it was trained on
     * @param createdAt when it was registered
     * @param metrics training and evaluation metrics
     */
    public ModelVersion {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(trainingFile, "trainingFile");
        Objects.requireNonNull(createdAt, "createdAt");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
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
        b.modelId = this.modelId;
        b.baseModel = this.baseModel;
        b.jobId = this.jobId.orElse(null);
        b.trainingFile = this.trainingFile.orElse(null);
        b.createdAt = this.createdAt;
        b.metrics.putAll(this.metrics);
        return b;
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

        /**
         * Sets the task it serves.
         *
         * @param task the task it serves
         * @return this builder
         */
        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * Sets the fine-tuned model id.
         *
         * @param modelId the fine-tuned model id
         * @return this builder
         */
        public Builder modelId(String modelId) {
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            return this;
        }

        /**
         * Sets the model it was tuned from.
         *
         * @param baseModel the model it was tuned from
         * @return this builder
         */
        public Builder baseModel(String baseModel) {
            this.baseModel = Objects.requireNonNull(baseModel, "baseModel");
            return this;
        }

        /**
         * Sets jobId; {@code null} clears it.
         *
         * @param jobId the job that produced it
         * @return this builder
         */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        /**
         * Sets trainingFile; {@code null} clears it.
         *
         * @param trainingFile the export it was trained on
         * @return this builder
         */
        public Builder trainingFile(String trainingFile) {
            this.trainingFile = trainingFile;
            return this;
        }

        /**
         * Sets when it was registered.
         *
         * @param createdAt when it was registered
         * @return this builder
         */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /**
         * Sets training and evaluation metrics.
         *
         * @param metrics training and evaluation metrics
         * @return this builder
         */
        public Builder metrics(Map<? extends String, ? extends Double> metrics) {
            this.metrics.clear();
            this.metrics.putAll(Objects.requireNonNull(metrics, "metrics"));
            return this;
        }

        /**
         * Puts one entry of {@code metric}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putMetric(String key, Double value) {
            this.metrics.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public ModelVersion build() {
            return new ModelVersion(task, modelId, baseModel, Optional.ofNullable(jobId), Optional.ofNullable(trainingFile), createdAt, metrics);
        }
    }
}
