/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The files an export wrote and what went into them.
 */
public final class ExportResult {
    private final TaskName task;
    private final java.nio.file.Path trainingFile;
    private final java.nio.file.Path validationFile;
    private final int trainingExamples;
    private final int validationExamples;
    private final int belowMinConfidence;
    private final int duplicatesRemoved;
    private final long trainingTokens;
    private final ValidationReport validation;
    private final boolean tokensExact;

    private ExportResult(Builder b) {
        this.task = Objects.requireNonNull(b.task, "task");
        this.trainingFile = Objects.requireNonNull(b.trainingFile, "trainingFile");
        this.validationFile = b.validationFile;
        this.trainingExamples = b.trainingExamples;
        this.validationExamples = b.validationExamples;
        this.belowMinConfidence = b.belowMinConfidence;
        this.duplicatesRemoved = b.duplicatesRemoved;
        this.trainingTokens = b.trainingTokens;
        this.validation = Objects.requireNonNull(b.validation, "validation");
        this.tokensExact = b.tokensExact;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.task = this.task;
        b.trainingFile = this.trainingFile;
        b.validationFile = this.validationFile;
        b.trainingExamples = this.trainingExamples;
        b.validationExamples = this.validationExamples;
        b.belowMinConfidence = this.belowMinConfidence;
        b.duplicatesRemoved = this.duplicatesRemoved;
        b.trainingTokens = this.trainingTokens;
        b.validation = this.validation;
        b.tokensExact = this.tokensExact;
        return b;
    }

    /** The task exported. */
    public TaskName task() {
        return task;
    }

    /** The training JSONL file. */
    public java.nio.file.Path trainingFile() {
        return trainingFile;
    }

    /** The validation JSONL file, when a split was asked for. */
    public Optional<java.nio.file.Path> validationFile() {
        return Optional.ofNullable(validationFile);
    }

    /** Examples in the training file. */
    public int trainingExamples() {
        return trainingExamples;
    }

    /** Examples in the validation file. */
    public int validationExamples() {
        return validationExamples;
    }

    /** Samples left out by the confidence filter. */
    public int belowMinConfidence() {
        return belowMinConfidence;
    }

    /** Exact and near duplicates left out. */
    public int duplicatesRemoved() {
        return duplicatesRemoved;
    }

    /** Tokens in the training file, chat overhead included. */
    public long trainingTokens() {
        return trainingTokens;
    }

    /** What the validator found in the written files. */
    public ValidationReport validation() {
        return validation;
    }

    /**
     * Whether {@link #trainingTokens()} is exact (the model's tokenizer ran) or an estimate.
     *
     * @return {@code true} for an exact count
     * @since 0.2
     */
    public boolean tokensExact() {
        return tokensExact;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ExportResult)) {
            return false;
        }
        ExportResult that = (ExportResult) o;
        return Objects.equals(task, that.task)
            && Objects.equals(trainingFile, that.trainingFile)
            && Objects.equals(validationFile, that.validationFile)
            && Objects.equals(trainingExamples, that.trainingExamples)
            && Objects.equals(validationExamples, that.validationExamples)
            && Objects.equals(belowMinConfidence, that.belowMinConfidence)
            && Objects.equals(duplicatesRemoved, that.duplicatesRemoved)
            && Objects.equals(trainingTokens, that.trainingTokens)
            && Objects.equals(validation, that.validation)
            && tokensExact == that.tokensExact;
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, trainingFile, validationFile, trainingExamples, validationExamples, belowMinConfidence, duplicatesRemoved, trainingTokens, validation, tokensExact);
    }

    @Override
    public String toString() {
        return "ExportResult{"
            + "task=" + task
            + ", trainingFile=" + trainingFile
            + ", validationFile=" + validationFile
            + ", trainingExamples=" + trainingExamples
            + ", validationExamples=" + validationExamples
            + ", belowMinConfidence=" + belowMinConfidence
            + ", duplicatesRemoved=" + duplicatesRemoved
            + ", trainingTokens=" + trainingTokens
            + ", validation=" + validation
            + '}';
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

        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        public Builder trainingFile(java.nio.file.Path trainingFile) {
            this.trainingFile = Objects.requireNonNull(trainingFile, "trainingFile");
            return this;
        }

        /** Sets validationFile; {@code null} clears it. */
        public Builder validationFile(java.nio.file.Path validationFile) {
            this.validationFile = validationFile;
            return this;
        }

        public Builder trainingExamples(int trainingExamples) {
            this.trainingExamples = trainingExamples;
            return this;
        }

        public Builder validationExamples(int validationExamples) {
            this.validationExamples = validationExamples;
            return this;
        }

        public Builder belowMinConfidence(int belowMinConfidence) {
            this.belowMinConfidence = belowMinConfidence;
            return this;
        }

        public Builder duplicatesRemoved(int duplicatesRemoved) {
            this.duplicatesRemoved = duplicatesRemoved;
            return this;
        }

        public Builder trainingTokens(long trainingTokens) {
            this.trainingTokens = trainingTokens;
            return this;
        }

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

        public ExportResult build() {
            return new ExportResult(this);
        }
    }
}
