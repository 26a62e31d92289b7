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
 * <pre>{@code
 * JobRequest r = JobRequest.builder()
 *     .trainingFileId(fileId)
 *     .model("base-model")
 *     .suffix("slabstak-card-id")
 *     .build();
 * }</pre>
 *
 * @param trainingFileId the uploaded training file
 * @param model the base model to fine-tune
 * @param suffix up to 64 characters added to the fine-tuned model's name
 * @param validationFileId the uploaded validation file
 * @param hyperparameters hyperparameters of the job's method
 * @param method how the job trains: {@code SUPERVISED} on chat examples (the default) or {@code PREFERENCE} on preference pairs (DPO), where the provider's catalogue says the model supports it
 * @param seed seed for reproducibility, 0-2147483647
 * @param metadata up to 16 key-value pairs stored with the job
 * @param idempotencyKey A key that identifies this request across retries and restarts
 * @param task the task the job trains, recorded for the model registry
 * @since 0.1
 */
public record JobRequest(
    String trainingFileId,
    String model,
    Optional<String> suffix,
    Optional<String> validationFileId,
    Hyperparameters hyperparameters,
    com.slabstak.slabml.spi.TrainingMethod method,
    java.util.OptionalLong seed,
    Map<String, String> metadata,
    Optional<String> idempotencyKey,
    Optional<TaskName> task
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param trainingFileId the uploaded training file
     * @param model the base model to fine-tune
     * @param suffix up to 64 characters added to the fine-tuned model's name
     * @param validationFileId the uploaded validation file
     * @param hyperparameters hyperparameters of the job's method
     * @param method how the job trains: {@code SUPERVISED} on chat examples (the default) or {@code PREFERENCE} on preference pairs (DPO), where the provider's catalogue says the model supports it
     * @param seed seed for reproducibility, 0-2147483647
     * @param metadata up to 16 key-value pairs stored with the job
     * @param idempotencyKey A key that identifies this request across retries and restarts
     * @param task the task the job trains, recorded for the model registry
     */
    public JobRequest {
        Objects.requireNonNull(trainingFileId, "trainingFileId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(validationFileId, "validationFileId");
        Objects.requireNonNull(hyperparameters, "hyperparameters");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(seed, "seed");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(task, "task");
        if (hyperparameters.beta().isPresent() && !method.equals(com.slabstak.slabml.spi.TrainingMethod.PREFERENCE)) {
            throw new InvalidInputException("beta", "only preference jobs take a beta; this job is " + method);
        }
        requireText("training_file", trainingFileId);
        requireText("model", model);
        suffix.ifPresent(JobRequest::checkSuffix);
        validationFileId.ifPresent(v -> requireText("validation_file", v));
        if (seed.isPresent() && (seed.getAsLong() < 0 || seed.getAsLong() > 2147483647L)) {
            throw new InvalidInputException("seed", "must be 0-2147483647, was " + seed.getAsLong());
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
        idempotencyKey.ifPresent(k -> requireText("idempotency_key", k));
    }

    private static void checkSuffix(String suffix) {
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
        b.suffix = this.suffix.orElse(null);
        b.idempotencyKey = this.idempotencyKey.orElse(null);
        b.task = this.task.orElse(null);
        return b;
    }

    private static void requireText(String field, String value) {
        if (value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
    }

    /** Builds JobRequest values. */
    public static final class Builder extends JobSpecBuilder<Builder> {
        private String suffix;
        private String idempotencyKey;
        private TaskName task;

        private Builder() {
        }

        /**
         * Sets suffix; {@code null} clears it.
         *
         * @param suffix up to 64 characters added to the fine-tuned model's name
         * @return this builder
         */
        public Builder suffix(String suffix) {
            this.suffix = suffix;
            return this;
        }

        /**
         * Sets idempotencyKey; {@code null} clears it.
         *
         * @param idempotencyKey A key that identifies this request across retries and restarts
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * Sets task; {@code null} clears it.
         *
         * @param task the task the job trains, recorded for the model registry
         * @return this builder
         */
        public Builder task(TaskName task) {
            this.task = task;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public JobRequest build() {
            return new JobRequest(trainingFileId, model, Optional.ofNullable(suffix), Optional.ofNullable(validationFileId), hyperparameters, method, optionalSeed(), metadata, Optional.ofNullable(idempotencyKey), Optional.ofNullable(task));
        }
    }
}
