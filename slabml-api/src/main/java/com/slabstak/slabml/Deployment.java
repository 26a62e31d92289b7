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
 */
public final class Deployment {
    private final TaskName task;
    private final String baseModel;
    private final String candidateModel;
    private final int rolloutPercent;
    private final java.time.Instant updatedAt;

    private Deployment(Builder b) {
        this.task = Objects.requireNonNull(b.task, "task");
        this.baseModel = Objects.requireNonNull(b.baseModel, "baseModel");
        this.candidateModel = b.candidateModel;
        this.rolloutPercent = b.rolloutPercent;
        this.updatedAt = b.updatedAt;
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
        b.baseModel = this.baseModel;
        b.candidateModel = this.candidateModel;
        b.rolloutPercent = this.rolloutPercent;
        b.updatedAt = this.updatedAt;
        return b;
    }

    /** The task. */
    public TaskName task() {
        return task;
    }

    /** The model that serves when the candidate does not, and the fallback. */
    public String baseModel() {
        return baseModel;
    }

    /** The model being rolled out. */
    public Optional<String> candidateModel() {
        return Optional.ofNullable(candidateModel);
    }

    /** Share of subjects the candidate serves, 0-100. */
    public int rolloutPercent() {
        return rolloutPercent;
    }

    /** When this deployment last changed. */
    public Optional<java.time.Instant> updatedAt() {
        return Optional.ofNullable(updatedAt);
    }

    private void validate() {
        if (rolloutPercent < 0 || rolloutPercent > 100) {
            throw new InvalidInputException("rollout_percent", "must be 0-100, was " + rolloutPercent);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Deployment)) {
            return false;
        }
        Deployment that = (Deployment) o;
        return Objects.equals(task, that.task)
            && Objects.equals(baseModel, that.baseModel)
            && Objects.equals(candidateModel, that.candidateModel)
            && Objects.equals(rolloutPercent, that.rolloutPercent)
            && Objects.equals(updatedAt, that.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, baseModel, candidateModel, rolloutPercent, updatedAt);
    }

    @Override
    public String toString() {
        return "Deployment{"
            + "task=" + task
            + ", baseModel=" + baseModel
            + ", candidateModel=" + candidateModel
            + ", rolloutPercent=" + rolloutPercent
            + ", updatedAt=" + updatedAt
            + '}';
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

        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        public Builder baseModel(String baseModel) {
            this.baseModel = Objects.requireNonNull(baseModel, "baseModel");
            return this;
        }

        /** Sets candidateModel; {@code null} clears it. */
        public Builder candidateModel(String candidateModel) {
            this.candidateModel = candidateModel;
            return this;
        }

        public Builder rolloutPercent(int rolloutPercent) {
            this.rolloutPercent = rolloutPercent;
            return this;
        }

        /** Sets updatedAt; {@code null} clears it. */
        public Builder updatedAt(java.time.Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Deployment build() {
            return new Deployment(this);
        }
    }
}
