/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The files an export wrote and what went into them.
 *
 * @param task the task exported
 * @param trainingFile the training JSONL file
 * @param validationFile the validation JSONL file, when a split was asked for
 * @param trainingExamples examples in the training file
 * @param validationExamples examples in the validation file
 * @param belowMinConfidence samples left out by the confidence filter
 * @param duplicatesRemoved exact and near duplicates left out
 * @param trainingTokens tokens in the training file, chat overhead included
 * @param validation what the validator found in the written files
 * @param tokensExact whether {@link #trainingTokens()} is exact (the model's tokenizer ran) or an estimate
 * @since 0.1
 */
public record ExportResult(
    TaskName task,
    java.nio.file.Path trainingFile,
    Optional<java.nio.file.Path> validationFile,
    int trainingExamples,
    int validationExamples,
    int belowMinConfidence,
    int duplicatesRemoved,
    long trainingTokens,
    ValidationReport validation,
    boolean tokensExact
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param task the task exported
     * @param trainingFile the training JSONL file
     * @param validationFile the validation JSONL file, when a split was asked for
     * @param trainingExamples examples in the training file
     * @param validationExamples examples in the validation file
     * @param belowMinConfidence samples left out by the confidence filter
     * @param duplicatesRemoved exact and near duplicates left out
     * @param trainingTokens tokens in the training file, chat overhead included
     * @param validation what the validator found in the written files
     * @param tokensExact whether {@link #trainingTokens()} is exact (the model's tokenizer ran) or an estimate
     */
    public ExportResult {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(trainingFile, "trainingFile");
        Objects.requireNonNull(validationFile, "validationFile");
        Objects.requireNonNull(validation, "validation");
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
        b.trainingFile = this.trainingFile;
        b.validationFile = this.validationFile.orElse(null);
        b.trainingExamples = this.trainingExamples;
        b.validationExamples = this.validationExamples;
        b.belowMinConfidence = this.belowMinConfidence;
        b.duplicatesRemoved = this.duplicatesRemoved;
        b.trainingTokens = this.trainingTokens;
        b.validation = this.validation;
        b.tokensExact = this.tokensExact;
        return b;
    }

    /** Builds ExportResult values. */
    public static final class Builder {
        private TaskName task;
        private java.nio.file.Path trainingFile;
        private java.nio.file.Path validationFile;
        private int trainingExamples;
        private int validationExamples;
        private int belowMinConfidence;
        private int duplicatesRemoved;
        private long trainingTokens;
        private ValidationReport validation;
        private boolean tokensExact = true;

        private Builder() {
        }

        /**
         * Sets the task exported.
         *
         * @param task the task exported
         * @return this builder
         */
        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * Sets the training JSONL file.
         *
         * @param trainingFile the training JSONL file
         * @return this builder
         */
        public Builder trainingFile(java.nio.file.Path trainingFile) {
            this.trainingFile = Objects.requireNonNull(trainingFile, "trainingFile");
            return this;
        }

        /**
         * Sets validationFile; {@code null} clears it.
         *
         * @param validationFile the validation JSONL file, when a split was asked for
         * @return this builder
         */
        public Builder validationFile(java.nio.file.Path validationFile) {
            this.validationFile = validationFile;
            return this;
        }

        /**
         * Sets examples in the training file.
         *
         * @param trainingExamples examples in the training file
         * @return this builder
         */
        public Builder trainingExamples(int trainingExamples) {
            this.trainingExamples = trainingExamples;
            return this;
        }

        /**
         * Sets examples in the validation file.
         *
         * @param validationExamples examples in the validation file
         * @return this builder
         */
        public Builder validationExamples(int validationExamples) {
            this.validationExamples = validationExamples;
            return this;
        }

        /**
         * Sets samples left out by the confidence filter.
         *
         * @param belowMinConfidence samples left out by the confidence filter
         * @return this builder
         */
        public Builder belowMinConfidence(int belowMinConfidence) {
            this.belowMinConfidence = belowMinConfidence;
            return this;
        }

        /**
         * Sets exact and near duplicates left out.
         *
         * @param duplicatesRemoved exact and near duplicates left out
         * @return this builder
         */
        public Builder duplicatesRemoved(int duplicatesRemoved) {
            this.duplicatesRemoved = duplicatesRemoved;
            return this;
        }

        /**
         * Sets tokens in the training file, chat overhead included.
         *
         * @param trainingTokens tokens in the training file, chat overhead included
         * @return this builder
         */
        public Builder trainingTokens(long trainingTokens) {
            this.trainingTokens = trainingTokens;
            return this;
        }

        /**
         * Sets what the validator found in the written files.
         *
         * @param validation what the validator found in the written files
         * @return this builder
         */
        public Builder validation(ValidationReport validation) {
            this.validation = Objects.requireNonNull(validation, "validation");
            return this;
        }

        /**
         * Sets whether the token count is exact; default {@code true}.
         *
         * @param exact {@code false} for an estimate
         * @return this builder
         * @since 0.2
         */
        public Builder tokensExact(boolean exact) {
            this.tokensExact = exact;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public ExportResult build() {
            return new ExportResult(task, trainingFile, Optional.ofNullable(validationFile), trainingExamples, validationExamples, belowMinConfidence, duplicatesRemoved, trainingTokens, validation, tokensExact);
        }
    }
}
