/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One served prediction and what the user did with it, for production monitoring.
 *
 * {@code
 * evaluator.trackProduction(ProductionRecord.builder()
 *     .task(TaskName.CARD_IDENTIFICATION)
 *     .modelId(result.metadata().modelUsed())
 *     .prediction(result.value().toMap())
 *     .correction(fixed.toMap())
 *     .rating(4)
 *     .build());
 * }
 */
public final class ProductionRecord {
    private final String id;
    private final java.time.Instant timestamp;
    private final TaskName task;
    private final String modelId;
    private final Arm arm;
    private final Map<String, Object> prediction;
    private final Map<String, Object> correction;
    private final Integer rating;
    private final Long latencyMillis;
    private final TokenUsage usage;
    private final String subject;
    private final List<String> correctedFields;

    private ProductionRecord(Builder b) {
        this.id = b.id;
        this.timestamp = b.timestamp;
        this.task = Objects.requireNonNull(b.task, "task");
        this.modelId = Objects.requireNonNull(b.modelId, "modelId");
        this.arm = Objects.requireNonNull(b.arm, "arm");
        this.prediction = Collections.unmodifiableMap(new LinkedHashMap<>(b.prediction));
        this.correction = Collections.unmodifiableMap(new LinkedHashMap<>(b.correction));
        this.rating = b.rating;
        this.latencyMillis = b.latencyMillis;
        this.usage = b.usage;
        this.subject = b.subject;
        this.correctedFields = b.correctedFields == null ? null : List.copyOf(b.correctedFields);
        validate();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = this.id;
        b.timestamp = this.timestamp;
        b.task = this.task;
        b.modelId = this.modelId;
        b.arm = this.arm;
        b.prediction.putAll(this.prediction);
        b.correction.putAll(this.correction);
        b.rating = this.rating;
        b.latencyMillis = this.latencyMillis;
        b.usage = this.usage;
        b.subject = this.subject;
        b.correctedFields = this.correctedFields;
        return b;
    }

    /** Assigned when recorded. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** When the prediction was served; assigned when recorded if absent. */
    public Optional<java.time.Instant> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    /** The task. */
    public TaskName task() {
        return task;
    }

    /** The model that served it. */
    public String modelId() {
        return modelId;
    }

    /** The rollout arm that served it. */
    public Arm arm() {
        return arm;
    }

    /** What the model answered. */
    public Map<String, Object> prediction() {
        return prediction;
    }

    /** The user's corrected answer; empty when none. */
    public Map<String, Object> correction() {
        return correction;
    }

    /** User rating 1-5. */
    public java.util.OptionalInt rating() {
        return rating == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(rating);
    }

    /** Latency of the call. */
    public java.util.OptionalLong latencyMillis() {
        return latencyMillis == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(latencyMillis);
    }

    /** Tokens used. */
    public Optional<TokenUsage> usage() {
        return Optional.ofNullable(usage);
    }

    /** The subject (user) it was served to. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /**
     * Returns the fields of the correction that differ from the prediction, as the task's field
     * comparators judged them when the record was tracked (so re-typing {@code "#57"} as {@code "57"}
     * is no correction). Stored with the record, so that every store and every engine that
     * aggregates the log counts the same corrections.
     *
     * <pre>{@code
     * boolean yearFixed = record.correctedFields().map(f -> f.contains("year")).orElse(false);
     * }</pre>
     *
     * @return the corrected fields (empty when the record was judged not corrected), or empty when
     *     the record was never judged (records written before 0.2)
     * @since 0.2
     */
    public Optional<List<String>> correctedFields() {
        return Optional.ofNullable(correctedFields);
    }

    private void validate() {
        if (rating != null && (rating < 1 || rating > 5)) {
            throw new InvalidInputException("rating", "must be 1-5, was " + rating);
        }
        if (modelId.isBlank()) {
            throw new InvalidInputException("model_id", "must not be blank");
        }
    }

    /**
     * Returns whether the user corrected the prediction: as judged when it was tracked when
     * {@link #correctedFields()} is present, else whether the correction differs from the prediction.
     *
     * @return whether the prediction was corrected
     */
    public boolean isCorrected() {
        if (correctedFields != null) {
            return !correctedFields.isEmpty();
        }
        return !correction.isEmpty() && !correction.equals(prediction);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProductionRecord)) {
            return false;
        }
        ProductionRecord that = (ProductionRecord) o;
        return Objects.equals(id, that.id)
            && Objects.equals(timestamp, that.timestamp)
            && Objects.equals(task, that.task)
            && Objects.equals(modelId, that.modelId)
            && Objects.equals(arm, that.arm)
            && Objects.equals(prediction, that.prediction)
            && Objects.equals(correction, that.correction)
            && Objects.equals(rating, that.rating)
            && Objects.equals(latencyMillis, that.latencyMillis)
            && Objects.equals(usage, that.usage)
            && Objects.equals(subject, that.subject)
            && Objects.equals(correctedFields, that.correctedFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timestamp, task, modelId, arm, prediction, correction, rating, latencyMillis, usage, subject,
            correctedFields);
    }

    @Override
    public String toString() {
        return "ProductionRecord{"
            + "id=" + id
            + ", timestamp=" + timestamp
            + ", task=" + task
            + ", modelId=" + modelId
            + ", arm=" + arm
            + ", prediction=" + prediction
            + ", correction=" + correction
            + ", rating=" + rating
            + ", latencyMillis=" + latencyMillis
            + ", usage=" + usage
            + ", subject=" + subject
            + ", correctedFields=" + correctedFields
            + '}';
    }

    /** Builds ProductionRecord values. */
    public static final class Builder {
        private String id;
        private java.time.Instant timestamp;
        private TaskName task = TaskName.CARD_IDENTIFICATION;
        private String modelId;
        private Arm arm = Arm.BASE;
        private final Map<String, Object> prediction = new LinkedHashMap<>();
        private final Map<String, Object> correction = new LinkedHashMap<>();
        private Integer rating;
        private Long latencyMillis;
        private TokenUsage usage;
        private String subject;
        private List<String> correctedFields;

        private Builder() {
        }

        /** Sets id; {@code null} clears it. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Sets timestamp; {@code null} clears it. */
        public Builder timestamp(java.time.Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        public Builder modelId(String modelId) {
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            return this;
        }

        public Builder arm(Arm arm) {
            this.arm = Objects.requireNonNull(arm, "arm");
            return this;
        }

        public Builder prediction(Map<? extends String, ? extends Object> prediction) {
            this.prediction.clear();
            this.prediction.putAll(Objects.requireNonNull(prediction, "prediction"));
            return this;
        }

        public Builder putPrediction(String key, Object value) {
            this.prediction.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public Builder correction(Map<? extends String, ? extends Object> correction) {
            this.correction.clear();
            this.correction.putAll(Objects.requireNonNull(correction, "correction"));
            return this;
        }

        public Builder putCorrection(String key, Object value) {
            this.correction.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /** Sets rating; {@code null} clears it. */
        public Builder rating(Integer rating) {
            this.rating = rating;
            return this;
        }

        /** Sets latencyMillis; {@code null} clears it. */
        public Builder latencyMillis(Long latencyMillis) {
            this.latencyMillis = latencyMillis;
            return this;
        }

        /** Sets usage; {@code null} clears it. */
        public Builder usage(TokenUsage usage) {
            this.usage = usage;
            return this;
        }

        /** Sets subject; {@code null} clears it. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /**
         * Sets the fields judged corrected when the record is tracked; an empty collection means
         * judged not corrected, {@code null} clears the judgement.
         *
         * @param correctedFields the corrected fields, or {@code null}
         * @return this builder
         * @since 0.2
         */
        public Builder correctedFields(Collection<? extends String> correctedFields) {
            this.correctedFields = correctedFields == null ? null : List.copyOf(correctedFields);
            return this;
        }

        public ProductionRecord build() {
            return new ProductionRecord(this);
        }
    }
}
