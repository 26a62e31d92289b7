/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a fine-tuning job: a message, or a metrics sample during training.
 */
public final class JobEvent {
    private final String id;
    private final java.time.Instant createdAt;
    private final String level;
    private final String message;
    private final String type;
    private final JobMetrics metrics;

    private JobEvent(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.level = Objects.requireNonNull(b.level, "level");
        this.message = Objects.requireNonNull(b.message, "message");
        this.type = Objects.requireNonNull(b.type, "type");
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
        b.createdAt = this.createdAt;
        b.level = this.level;
        b.message = this.message;
        b.type = this.type;
        b.metrics = this.metrics;
        return b;
    }

    /** The event id. */
    public String id() {
        return id;
    }

    /** When it happened. */
    public java.time.Instant createdAt() {
        return createdAt;
    }

    /** {@code info}, {@code warn} or {@code error}. */
    public String level() {
        return level;
    }

    /** Human-readable text. */
    public String message() {
        return message;
    }

    /** {@code message} or {@code metrics}. */
    public String type() {
        return type;
    }

    /** Training metrics, for {@code metrics} events. */
    public Optional<JobMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JobEvent)) {
            return false;
        }
        JobEvent that = (JobEvent) o;
        return Objects.equals(id, that.id)
            && Objects.equals(createdAt, that.createdAt)
            && Objects.equals(level, that.level)
            && Objects.equals(message, that.message)
            && Objects.equals(type, that.type)
            && Objects.equals(metrics, that.metrics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, createdAt, level, message, type, metrics);
    }

    @Override
    public String toString() {
        return "JobEvent{"
            + "id=" + id
            + ", createdAt=" + createdAt
            + ", level=" + level
            + ", message=" + message
            + ", type=" + type
            + ", metrics=" + metrics
            + '}';
    }

    /** Builds JobEvent values. */
    public static final class Builder {
        private String id;
        private java.time.Instant createdAt;
        private String level = "info";
        private String message = "";
        private String type = "message";
        private JobMetrics metrics;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        public Builder level(String level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        public Builder message(String message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** Sets metrics; {@code null} clears it. */
        public Builder metrics(JobMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public JobEvent build() {
            return new JobEvent(this);
        }
    }
}
