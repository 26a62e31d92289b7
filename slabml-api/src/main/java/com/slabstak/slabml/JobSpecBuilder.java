/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import com.slabstak.slabml.spi.TrainingMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The setters a job request and a job share: what a fine-tuning job is asked to do. The
 * {@link JobRequest.Builder} and the {@link FineTuningJob.Builder} extend it; it is not part of the API.
 *
 * @param <B> the builder that extends it, returned by every setter
 */
abstract class JobSpecBuilder<B extends JobSpecBuilder<B>> {
    String trainingFileId;
    String model;
    String validationFileId;
    Hyperparameters hyperparameters = Hyperparameters.auto();
    TrainingMethod method = TrainingMethod.SUPERVISED;
    Long seed;
    final Map<String, String> metadata = new LinkedHashMap<>();

    JobSpecBuilder() {
    }

    /**
     * Sets the uploaded training file.
     *
     * @param trainingFileId the uploaded training file
     * @return this builder
     */
    public B trainingFileId(String trainingFileId) {
        this.trainingFileId = Objects.requireNonNull(trainingFileId, "trainingFileId");
        return self();
    }

    /**
     * Sets the base model to fine-tune.
     *
     * @param model the base model
     * @return this builder
     */
    public B model(String model) {
        this.model = Objects.requireNonNull(model, "model");
        return self();
    }

    /**
     * Sets validationFileId; {@code null} clears it.
     *
     * @param validationFileId the uploaded validation file
     * @return this builder
     */
    public B validationFileId(String validationFileId) {
        this.validationFileId = validationFileId;
        return self();
    }

    /**
     * Sets how the job trains; default {@code SUPERVISED}.
     *
     * @param method the method
     * @return this builder
     * @since 0.2
     */
    public B method(TrainingMethod method) {
        this.method = Objects.requireNonNull(method, "method");
        return self();
    }

    /**
     * Sets the hyperparameters of the job's method; default {@link Hyperparameters#auto()}.
     *
     * @param hyperparameters hyperparameters of the job's method
     * @return this builder
     */
    public B hyperparameters(Hyperparameters hyperparameters) {
        this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
        return self();
    }

    /**
     * Sets seed; {@code null} clears it.
     *
     * @param seed the seed, 0-2147483647
     * @return this builder
     */
    public B seed(Long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * Sets the key-value pairs stored with the job.
     *
     * @param metadata the key-value pairs stored with the job
     * @return this builder
     */
    public B metadata(Map<? extends String, ? extends String> metadata) {
        this.metadata.clear();
        this.metadata.putAll(Objects.requireNonNull(metadata, "metadata"));
        return self();
    }

    /**
     * Puts one entry of {@code metadata}.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public B putMetadata(String key, String value) {
        this.metadata.put(Objects.requireNonNull(key, "key"), value);
        return self();
    }

    /** Starts from an existing value's job spec. */
    B copySpec(String trainingFileId, String model, Optional<String> validationFileId, Hyperparameters hyperparameters,
        TrainingMethod method, OptionalLong seed, Map<String, String> metadata) {
        this.trainingFileId = trainingFileId;
        this.model = model;
        this.validationFileId = validationFileId.orElse(null);
        this.hyperparameters = hyperparameters;
        this.method = method;
        this.seed = seed.isPresent() ? Long.valueOf(seed.getAsLong()) : null;
        this.metadata.putAll(metadata);
        return self();
    }

    /** The seed as the record holds it. */
    OptionalLong optionalSeed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
