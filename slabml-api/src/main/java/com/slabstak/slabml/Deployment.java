/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which models serve one task: the base model, and optionally a candidate at a rollout percentage.
 * A candidate at 100% serves every request; the base model stays as the fallback.
 *
 * @param task the task
 * @param baseModel the model that serves when the candidate does not, and the fallback
 * @param candidateModel the model being rolled out
 * @param rolloutPercent share of subjects the candidate serves, 0-100
 * @param updatedAt when this deployment last changed
 * @since 0.1
 */
public record Deployment(
    TaskName task,
    String baseModel,
    Optional<String> candidateModel,
    int rolloutPercent,
    Optional<java.time.Instant> updatedAt
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param task the task
     * @param baseModel the model that serves when the candidate does not, and the fallback
     * @param candidateModel the model being rolled out
     * @param rolloutPercent share of subjects the candidate serves, 0-100
     * @param updatedAt when this deployment last changed
     */
    public Deployment {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(candidateModel, "candidateModel");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (rolloutPercent < 0 || rolloutPercent > 100) {
            throw new InvalidInputException("rollout_percent", "must be 0-100, was " + rolloutPercent);
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
        b.baseModel = this.baseModel;
        b.candidateModel = this.candidateModel.orElse(null);
        b.rolloutPercent = this.rolloutPercent;
        b.updatedAt = this.updatedAt.orElse(null);
        return b;
    }

    /** Builds Deployment values. */
    public static final class Builder {
        private TaskName task;
        private String baseModel;
        private String candidateModel;
        private int rolloutPercent;
        private java.time.Instant updatedAt;

        private Builder() {
        }

        /**
         * Sets the task.
         *
         * @param task the task
         * @return this builder
         */
        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * Sets the model that serves when the candidate does not, and the fallback.
         *
         * @param baseModel the model that serves when the candidate does not, and the fallback
         * @return this builder
         */
        public Builder baseModel(String baseModel) {
            this.baseModel = Objects.requireNonNull(baseModel, "baseModel");
            return this;
        }

        /**
         * Sets candidateModel; {@code null} clears it.
         *
         * @param candidateModel the model being rolled out
         * @return this builder
         */
        public Builder candidateModel(String candidateModel) {
            this.candidateModel = candidateModel;
            return this;
        }

        /**
         * Sets share of subjects the candidate serves, 0-100.
         *
         * @param rolloutPercent share of subjects the candidate serves, 0-100
         * @return this builder
         */
        public Builder rolloutPercent(int rolloutPercent) {
            this.rolloutPercent = rolloutPercent;
            return this;
        }

        /**
         * Sets updatedAt; {@code null} clears it.
         *
         * @param updatedAt when this deployment last changed
         * @return this builder
         */
        public Builder updatedAt(java.time.Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public Deployment build() {
            return new Deployment(task, baseModel, Optional.ofNullable(candidateModel), rolloutPercent, Optional.ofNullable(updatedAt));
        }
    }
}
