/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;
import java.util.Optional;

/**
 * What to export: the task, the confidence filter, the validation split and its seed.
 *
 * {@code
 * ExportResult r = exporter.export(ExportRequest.builder()
 *     .task(TaskName.CARD_IDENTIFICATION)
 *     .minConfidence(0.8)
 *     .build());
 * }
 */
public final class ExportRequest {
    private final TaskName task;
    private final double minConfidence;
    private final double validationFraction;
    private final long seed;
    private final String model;
    private final com.slabstak.slabml.spi.TrainingMethod method;
    private final ExportFormat format;

    private ExportRequest(Builder b) {
        this.task = Objects.requireNonNull(b.task, "task");
        this.minConfidence = b.minConfidence;
        this.validationFraction = b.validationFraction;
        this.seed = b.seed;
        this.model = b.model;
        this.method = Objects.requireNonNull(b.method, "method");
        this.format = b.format;
        validate();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.task = this.task;
        b.minConfidence = this.minConfidence;
        b.validationFraction = this.validationFraction;
        b.seed = this.seed;
        b.model = this.model;
        b.method = this.method;
        b.format = this.format;
        return b;
    }

    /**
     * How the export will be trained: {@code SUPERVISED} chat examples (the default), or
     * {@code PREFERENCE} pairs made from user corrections (the corrected output preferred over the
     * model's original one), in the {@code input} / {@code preferred_output} /
     * {@code non_preferred_output} shape.
     *
     * @return the training method
     * @since 0.2
     */
    public com.slabstak.slabml.spi.TrainingMethod method() {
        return method;
    }

    /** The task to export. */
    public TaskName task() {
        return task;
    }

    /** Samples below this confidence are left out. */
    public double minConfidence() {
        return minConfidence;
    }

    /** Share of examples held out for validation: 0 or 0.10-0.20. */
    public double validationFraction() {
        return validationFraction;
    }

    /** Seed of the deterministic split. */
    public long seed() {
        return seed;
    }

    /** The model the data is for, for token limits; absent means the default base model. */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /**
     * The file format to write, {@link ExportFormat#OPENAI} unless set.
     *
     * @return the format
     * @since 0.2
     */
    public ExportFormat format() {
        return format;
    }

    private void validate() {
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ExportRequest)) {
            return false;
        }
        ExportRequest that = (ExportRequest) o;
        return Objects.equals(task, that.task)
            && Objects.equals(minConfidence, that.minConfidence)
            && Objects.equals(validationFraction, that.validationFraction)
            && Objects.equals(seed, that.seed)
            && Objects.equals(model, that.model)
            && method.equals(that.method)
            && format == that.format;
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, minConfidence, validationFraction, seed, model, method, format);
    }

    @Override
    public String toString() {
        return "ExportRequest{"
            + "task=" + task
            + ", minConfidence=" + minConfidence
            + ", validationFraction=" + validationFraction
            + ", seed=" + seed
            + ", model=" + model
            + ", method=" + method
            + ", format=" + format.id()
            + '}';
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

        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        public Builder minConfidence(double minConfidence) {
            this.minConfidence = minConfidence;
            return this;
        }

        public Builder validationFraction(double validationFraction) {
            this.validationFraction = validationFraction;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets model; {@code null} clears it. */
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

        public ExportRequest build() {
            return new ExportRequest(this);
        }
    }
}
