/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a fine-tuning job: a message, or a metrics sample during training.
 *
 * @param id the event id
 * @param createdAt when it happened
 * @param level {@code info}, {@code warn} or {@code error}
 * @param message human-readable text
 * @param type {@code message} or {@code metrics}
 * @param metrics training metrics, for {@code metrics} events
 * @since 0.1
 */
public record JobEvent(
    String id,
    java.time.Instant createdAt,
    String level,
    String message,
    String type,
    Optional<JobMetrics> metrics
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param id the event id
     * @param createdAt when it happened
     * @param level {@code info}, {@code warn} or {@code error}
     * @param message human-readable text
     * @param type {@code message} or {@code metrics}
     * @param metrics training metrics, for {@code metrics} events
     */
    public JobEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(metrics, "metrics");
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
        b.id = this.id;
        b.createdAt = this.createdAt;
        b.level = this.level;
        b.message = this.message;
        b.type = this.type;
        b.metrics = this.metrics.orElse(null);
        return b;
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

        /**
         * Sets the event id.
         *
         * @param id the event id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Sets when it happened.
         *
         * @param createdAt when it happened
         * @return this builder
         */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /**
         * Sets {@code info}, {@code warn} or {@code error}.
         *
         * @param level {@code info}, {@code warn} or {@code error}
         * @return this builder
         */
        public Builder level(String level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * Sets human-readable text.
         *
         * @param message human-readable text
         * @return this builder
         */
        public Builder message(String message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        /**
         * Sets {@code message} or {@code metrics}.
         *
         * @param type {@code message} or {@code metrics}
         * @return this builder
         */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Sets metrics; {@code null} clears it.
         *
         * @param metrics training metrics, for {@code metrics} events
         * @return this builder
         */
        public Builder metrics(JobMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public JobEvent build() {
            return new JobEvent(id, createdAt, level, message, type, Optional.ofNullable(metrics));
        }
    }
}
