/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to start a supervised fine-tuning job. Checked against OpenAI's limits when built:
 * suffix 1–64 characters without path separators, seed 0–2147483647, at most 16 metadata pairs
 * (key at most 64 characters, value at most 512).
 *
 * <p>{@link #idempotencyKey()} makes creation safe to repeat: a manager that lost the response to a
 * create looks the key up before trying again, so one request never starts two billed jobs.
 *
 * {@code
 * JobRequest r = JobRequest.builder()
 *     .trainingFileId(fileId)
 *     .model("base-model")
 *     .suffix("slabstak-card-id")
 *     .build();
 * }
 */
public final class JobRequest {
    private final String trainingFileId;
    private final String model;
    private final String suffix;
    private final String validationFileId;
    private final Hyperparameters hyperparameters;
    private final com.slabstak.slabml.spi.TrainingMethod method;
    private final Long seed;
    private final Map<String, String> metadata;
    private final String idempotencyKey;
    private final TaskName task;

    private JobRequest(Builder b) {
        this.trainingFileId = Objects.requireNonNull(b.trainingFileId, "trainingFileId");
        this.model = Objects.requireNonNull(b.model, "model");
        this.suffix = b.suffix;
        this.validationFileId = b.validationFileId;
        this.hyperparameters = Objects.requireNonNull(b.hyperparameters, "hyperparameters");
        this.method = Objects.requireNonNull(b.method, "method");
        if (hyperparameters.beta().isPresent() && !method.equals(com.slabstak.slabml.spi.TrainingMethod.PREFERENCE)) {
            throw new InvalidInputException("beta", "only preference jobs take a beta; this job is " + method);
        }
        this.seed = b.seed;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.idempotencyKey = b.idempotencyKey;
        this.task = b.task;
        validate();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.trainingFileId = this.trainingFileId;
        b.model = this.model;
        b.suffix = this.suffix;
        b.validationFileId = this.validationFileId;
        b.hyperparameters = this.hyperparameters;
        b.method = this.method;
        b.seed = this.seed;
        b.metadata.putAll(this.metadata);
        b.idempotencyKey = this.idempotencyKey;
        b.task = this.task;
        return b;
    }

    /** The uploaded training file. */
    public String trainingFileId() {
        return trainingFileId;
    }

    /** The base model to fine-tune. */
    public String model() {
        return model;
    }

    /** Up to 64 characters added to the fine-tuned model's name. */
    public Optional<String> suffix() {
        return Optional.ofNullable(suffix);
    }

    /** The uploaded validation file. */
    public Optional<String> validationFileId() {
        return Optional.ofNullable(validationFileId);
    }

    /**
     * How the job trains: {@code SUPERVISED} on chat examples (the default) or {@code PREFERENCE}
     * on preference pairs (DPO), where the provider's catalogue says the model supports it.
     *
     * @return the method
     * @since 0.2
     */
    public com.slabstak.slabml.spi.TrainingMethod method() {
        return method;
    }

    /** Hyperparameters of the job's method. */
    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** Seed for reproducibility, 0-2147483647. */
    public java.util.OptionalLong seed() {
        return seed == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(seed);
    }

    /** Up to 16 key-value pairs stored with the job. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** A key that identifies this request across retries and restarts. */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** The task the job trains, recorded for the model registry. */
    public Optional<TaskName> task() {
        return Optional.ofNullable(task);
    }

    private void validate() {
        requireText("training_file", trainingFileId);
        requireText("model", model);
        if (suffix != null) {
            if (suffix.isEmpty() || suffix.length() > 64) {
                throw new InvalidInputException("suffix", "must be 1-64 characters, was " + suffix.length());
            }
            if (suffix.indexOf('/') >= 0 || suffix.indexOf('\\') >= 0 || suffix.contains("..")) {
                throw new InvalidInputException("suffix", "must not contain path separators: '" + suffix + "'");
            }
            for (int i = 0; i < suffix.length(); i++) {
                char ch = suffix.charAt(i);
                if (!(Character.isLetterOrDigit(ch) || ch == '-' || ch == '_' || ch == '.')) {
                    throw new InvalidInputException(
                        "suffix", "may hold letters, digits, '-', '_' and '.' only: '" + suffix + "'");
                }
            }
        }
        if (validationFileId != null) {
            requireText("validation_file", validationFileId);
        }
        if (seed != null && (seed < 0 || seed > 2147483647L)) {
            throw new InvalidInputException("seed", "must be 0-2147483647, was " + seed);
        }
        if (metadata.size() > 16) {
            throw new InvalidInputException("metadata", "at most 16 pairs, was " + metadata.size());
        }
        for (java.util.Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > 64) {
                throw new InvalidInputException("metadata", "key must be 1-64 characters: '" + e.getKey() + "'");
            }
            if (e.getValue() == null || e.getValue().length() > 512) {
                throw new InvalidInputException("metadata." + e.getKey(), "value must be at most 512 characters");
            }
        }
        if (idempotencyKey != null) {
            requireText("idempotency_key", idempotencyKey);
        }
    }

    private static void requireText(String field, String value) {
        if (value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobRequest)) {
            return false;
        }
        JobRequest that = (JobRequest) o;
        return Objects.equals(trainingFileId, that.trainingFileId)
            && Objects.equals(model, that.model)
            && Objects.equals(suffix, that.suffix)
            && Objects.equals(validationFileId, that.validationFileId)
            && Objects.equals(hyperparameters, that.hyperparameters)
            && method.equals(that.method)
            && Objects.equals(seed, that.seed)
            && Objects.equals(metadata, that.metadata)
            && Objects.equals(idempotencyKey, that.idempotencyKey)
            && Objects.equals(task, that.task);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trainingFileId, model, suffix, validationFileId, hyperparameters, method, seed, metadata, idempotencyKey, task);
    }

    @Override
    public String toString() {
        return "JobRequest{"
            + "trainingFileId=" + trainingFileId
            + ", model=" + model
            + ", suffix=" + suffix
            + ", validationFileId=" + validationFileId
            + ", hyperparameters=" + hyperparameters
            + ", method=" + method
            + ", seed=" + seed
            + ", metadata=" + metadata
            + ", idempotencyKey=" + idempotencyKey
            + ", task=" + task
            + '}';
    }

    /** Builds JobRequest values. */
    public static final class Builder {
        private String trainingFileId;
        private String model;
        private String suffix;
        private String validationFileId;
        private Hyperparameters hyperparameters = Hyperparameters.auto();
        private com.slabstak.slabml.spi.TrainingMethod method = com.slabstak.slabml.spi.TrainingMethod.SUPERVISED;
        private Long seed;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private String idempotencyKey;
        private TaskName task;

        private Builder() {
        }

        public Builder trainingFileId(String trainingFileId) {
            this.trainingFileId = Objects.requireNonNull(trainingFileId, "trainingFileId");
            return this;
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Sets suffix; {@code null} clears it. */
        public Builder suffix(String suffix) {
            this.suffix = suffix;
            return this;
        }

        /** Sets validationFileId; {@code null} clears it. */
        public Builder validationFileId(String validationFileId) {
            this.validationFileId = validationFileId;
            return this;
        }

        /**
         * Sets the training method; default {@code SUPERVISED}.
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

        /** Sets idempotencyKey; {@code null} clears it. */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /** Sets task; {@code null} clears it. */
        public Builder task(TaskName task) {
            this.task = task;
            return this;
        }

        public JobRequest build() {
            return new JobRequest(this);
        }
    }
}
