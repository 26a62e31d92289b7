/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A checkpoint a fine-tuning job saved at the end of an epoch, usable as a model.
 */
public final class Checkpoint {
    private final String id;
    private final String jobId;
    private final String model;
    private final long step;
    private final java.time.Instant createdAt;
    private final JobMetrics metrics;

    private Checkpoint(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.jobId = Objects.requireNonNull(b.jobId, "jobId");
        this.model = Objects.requireNonNull(b.model, "model");
        this.step = b.step;
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.metrics = b.metrics;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = this.id;
        b.jobId = this.jobId;
        b.model = this.model;
        b.step = this.step;
        b.createdAt = this.createdAt;
        b.metrics = this.metrics;
        return b;
    }

    /** The checkpoint id. */
    public String id() {
        return id;
    }

    /** The job that produced it. */
    public String jobId() {
        return jobId;
    }

    /** The checkpoint model name. */
    public String model() {
        return model;
    }

    /** The step it was taken at. */
    public long step() {
        return step;
    }

    /** When it was saved. */
    public java.time.Instant createdAt() {
        return createdAt;
    }

    /** Metrics at that step. */
    public Optional<JobMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Checkpoint)) {
            return false;
        }
        Checkpoint that = (Checkpoint) o;
        return Objects.equals(id, that.id)
            && Objects.equals(jobId, that.jobId)
            && Objects.equals(model, that.model)
            && Objects.equals(step, that.step)
            && Objects.equals(createdAt, that.createdAt)
            && Objects.equals(metrics, that.metrics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, jobId, model, step, createdAt, metrics);
    }

    @Override
    public String toString() {
        return "Checkpoint{"
            + "id=" + id
            + ", jobId=" + jobId
            + ", model=" + model
            + ", step=" + step
            + ", createdAt=" + createdAt
            + ", metrics=" + metrics
            + '}';
    }

    /** Builds Checkpoint values. */
    public static final class Builder {
        private String id;
        private String jobId;
        private String model;
        private long step;
        private java.time.Instant createdAt;
        private JobMetrics metrics;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        public Builder jobId(String jobId) {
            this.jobId = Objects.requireNonNull(jobId, "jobId");
            return this;
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder step(long step) {
            this.step = step;
            return this;
        }

        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /** Sets metrics; {@code null} clears it. */
        public Builder metrics(JobMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public Checkpoint build() {
            return new Checkpoint(this);
        }
    }
}
