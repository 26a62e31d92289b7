/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;
import java.util.Optional;

/**
 * What to export: the task, the confidence filter, the validation split and its seed.
 *
 * <pre>{@code
 * ExportResult r = exporter.export(ExportRequest.builder()
 *     .task(TaskName.CARD_IDENTIFICATION)
 *     .minConfidence(0.8)
 *     .build());
 * }</pre>
 *
 * @param task the task to export
 * @param minConfidence samples below this confidence are left out
 * @param validationFraction share of examples held out for validation: 0 or 0.10-0.20
 * @param seed seed of the deterministic split
 * @param model the model the data is for, for token limits; absent means the default base model
 * @param method how the export will be trained: {@code SUPERVISED} chat examples (the default), or {@code PREFERENCE} pairs made from user corrections (the corrected output preferred over the model's original one), in the {@code input} / {@code preferred_output} / {@code non_preferred_output} shape
 * @param format the file format to write, {@link ExportFormat#OPENAI} unless set
 * @since 0.1
 */
public record ExportRequest(
    TaskName task,
    double minConfidence,
    double validationFraction,
    long seed,
    Optional<String> model,
    com.slabstak.slabml.spi.TrainingMethod method,
    ExportFormat format
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param task the task to export
     * @param minConfidence samples below this confidence are left out
     * @param validationFraction share of examples held out for validation: 0 or 0.10-0.20
     * @param seed seed of the deterministic split
     * @param model the model the data is for, for token limits; absent means the default base model
     * @param method how the export will be trained: {@code SUPERVISED} chat examples (the default), or {@code PREFERENCE} pairs made from user corrections (the corrected output preferred over the model's original one), in the {@code input} / {@code preferred_output} / {@code non_preferred_output} shape
     * @param format the file format to write, {@link ExportFormat#OPENAI} unless set
     */
    public ExportRequest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        if (!(minConfidence >= 0.0 && minConfidence <= 1.0)) {
            throw new InvalidInputException("min_confidence", "must be between 0 and 1, was " + minConfidence);
        }
        if (validationFraction != 0.0 && !(validationFraction >= 0.10 && validationFraction <= 0.20)) {
            throw new InvalidInputException(
                "validation_fraction", "must be 0 or between 0.10 and 0.20, was " + validationFraction);
        }
        if (!method.equals(com.slabstak.slabml.spi.TrainingMethod.SUPERVISED)
            && !method.equals(com.slabstak.slabml.spi.TrainingMethod.PREFERENCE)) {
            throw new InvalidInputException("method", "must be supervised or preference, was " + method);
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
        Builder b = new Builder();
        b.task = this.task;
        b.minConfidence = this.minConfidence;
        b.validationFraction = this.validationFraction;
        b.seed = this.seed;
        b.model = this.model.orElse(null);
        b.method = this.method;
        b.format = this.format;
        return b;
    }

    /** Builds ExportRequest values. */
    public static final class Builder {
        private TaskName task;
        private double minConfidence = 0.0;
        private double validationFraction = 0.10;
        private long seed = 42L;
        private String model;
        private com.slabstak.slabml.spi.TrainingMethod method = com.slabstak.slabml.spi.TrainingMethod.SUPERVISED;
        private ExportFormat format = ExportFormat.OPENAI;

        private Builder() {
        }

        /**
         * Sets the task to export.
         *
         * @param task the task to export
         * @return this builder
         */
        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * Sets samples below this confidence are left out.
         *
         * @param minConfidence samples below this confidence are left out
         * @return this builder
         */
        public Builder minConfidence(double minConfidence) {
            this.minConfidence = minConfidence;
            return this;
        }

        /**
         * Sets share of examples held out for validation: 0 or 0.10-0.20.
         *
         * @param validationFraction share of examples held out for validation: 0 or 0.10-0.20
         * @return this builder
         */
        public Builder validationFraction(double validationFraction) {
            this.validationFraction = validationFraction;
            return this;
        }

        /**
         * Sets seed of the deterministic split.
         *
         * @param seed seed of the deterministic split
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets model; {@code null} clears it.
         *
         * @param model the model the data is for, for token limits; absent means the default base model
         * @return this builder
         */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the training method; default {@code SUPERVISED}.
         *
         * @param method {@code SUPERVISED} or {@code PREFERENCE}
         * @return this builder
         * @since 0.2
         */
        public Builder method(com.slabstak.slabml.spi.TrainingMethod method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Sets the file format (default {@link ExportFormat#OPENAI}).
         *
         * <pre>{@code
         * ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION).format(ExportFormat.BEDROCK).build();
         * }</pre>
         *
         * @param format the format
         * @return this builder
         * @since 0.2
         */
        public Builder format(ExportFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public ExportRequest build() {
            return new ExportRequest(task, minConfidence, validationFraction, seed, Optional.ofNullable(model), method, format);
        }
    }
}
