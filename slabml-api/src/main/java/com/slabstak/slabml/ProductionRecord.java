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
 * <pre>{@code
 * evaluator.trackProduction(ProductionRecord.builder()
 *     .task(TaskName.CARD_IDENTIFICATION)
 *     .modelId(result.metadata().modelUsed())
 *     .prediction(result.value().toMap())
 *     .correction(fixed.toMap())
 *     .rating(4)
 *     .build());
 * }</pre>
 *
 * @param id assigned when recorded
 * @param timestamp when the prediction was served; assigned when recorded if absent
 * @param task the task
 * @param modelId the model that served it
 * @param arm the rollout arm that served it
 * @param prediction what the model answered
 * @param correction the user's corrected answer; empty when none
 * @param rating user rating 1-5
 * @param latencyMillis latency of the call
 * @param usage tokens used
 * @param subject the subject (user) it was served to
 * @param correctedFields the fields of the correction that differ from the prediction, as the task's field comparators judged them when the record was tracked (so re-typing {@code "#57"} as {@code "57"} is no correction). Stored with the record, so that every store and every engine that aggregates the log counts the same corrections. <pre>{@code boolean yearFixed = record.correctedFields().map(f -> f.contains("year")).orElse(false); }</pre>
 * @since 0.1
 */
public record ProductionRecord(
    Optional<String> id,
    Optional<java.time.Instant> timestamp,
    TaskName task,
    String modelId,
    Arm arm,
    Map<String, Object> prediction,
    Map<String, Object> correction,
    java.util.OptionalInt rating,
    java.util.OptionalLong latencyMillis,
    Optional<TokenUsage> usage,
    Optional<String> subject,
    Optional<List<String>> correctedFields
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param id assigned when recorded
     * @param timestamp when the prediction was served; assigned when recorded if absent
     * @param task the task
     * @param modelId the model that served it
     * @param arm the rollout arm that served it
     * @param prediction what the model answered
     * @param correction the user's corrected answer; empty when none
     * @param rating user rating 1-5
     * @param latencyMillis latency of the call
     * @param usage tokens used
     * @param subject the subject (user) it was served to
     * @param correctedFields the fields of the correction that differ from the prediction, as the task's field comparators judged them when the record was tracked (so re-typing {@code "#57"} as {@code "57"} is no correction). Stored with the record, so that every store and every engine that aggregates the log counts the same corrections. <pre>{@code boolean yearFixed = record.correctedFields().map(f -> f.contains("year")).orElse(false); }</pre>
     */
    public ProductionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(arm, "arm");
        prediction = Collections.unmodifiableMap(new LinkedHashMap<>(prediction));
        correction = Collections.unmodifiableMap(new LinkedHashMap<>(correction));
        Objects.requireNonNull(rating, "rating");
        Objects.requireNonNull(latencyMillis, "latencyMillis");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(subject, "subject");
        correctedFields = Objects.requireNonNull(correctedFields, "correctedFields").map(List::copyOf);
        if (rating.isPresent() && (rating.getAsInt() < 1 || rating.getAsInt() > 5)) {
            throw new InvalidInputException("rating", "must be 1-5, was " + rating.getAsInt());
        }
        if (modelId.isBlank()) {
            throw new InvalidInputException("model_id", "must not be blank");
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
        b.id = this.id.orElse(null);
        b.timestamp = this.timestamp.orElse(null);
        b.task = this.task;
        b.modelId = this.modelId;
        b.arm = this.arm;
        b.prediction.putAll(this.prediction);
        b.correction.putAll(this.correction);
        b.rating = this.rating.isPresent() ? Integer.valueOf(this.rating.getAsInt()) : null;
        b.latencyMillis = this.latencyMillis.isPresent() ? Long.valueOf(this.latencyMillis.getAsLong()) : null;
        b.usage = this.usage.orElse(null);
        b.subject = this.subject.orElse(null);
        b.correctedFields = this.correctedFields.orElse(null);
        return b;
    }

    /**
     * Returns whether the user corrected the prediction: as judged when it was tracked when
     * {@link #correctedFields()} is present, else whether the correction differs from the prediction.
     *
     * @return whether the prediction was corrected
     */
    public boolean isCorrected() {
        if (correctedFields.isPresent()) {
            return !correctedFields.get().isEmpty();
        }
        return !correction.isEmpty() && !correction.equals(prediction);
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

        /**
         * Sets id; {@code null} clears it.
         *
         * @param id assigned when recorded
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets timestamp; {@code null} clears it.
         *
         * @param timestamp when the prediction was served; assigned when recorded if absent
         * @return this builder
         */
        public Builder timestamp(java.time.Instant timestamp) {
            this.timestamp = timestamp;
            return this;
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
         * Sets the model that served it.
         *
         * @param modelId the model that served it
         * @return this builder
         */
        public Builder modelId(String modelId) {
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            return this;
        }

        /**
         * Sets the rollout arm that served it.
         *
         * @param arm the rollout arm that served it
         * @return this builder
         */
        public Builder arm(Arm arm) {
            this.arm = Objects.requireNonNull(arm, "arm");
            return this;
        }

        /**
         * Sets what the model answered.
         *
         * @param prediction what the model answered
         * @return this builder
         */
        public Builder prediction(Map<? extends String, ? extends Object> prediction) {
            this.prediction.clear();
            this.prediction.putAll(Objects.requireNonNull(prediction, "prediction"));
            return this;
        }

        /**
         * Puts one entry of {@code prediction}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putPrediction(String key, Object value) {
            this.prediction.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Sets the user's corrected answer; empty when none.
         *
         * @param correction the user's corrected answer; empty when none
         * @return this builder
         */
        public Builder correction(Map<? extends String, ? extends Object> correction) {
            this.correction.clear();
            this.correction.putAll(Objects.requireNonNull(correction, "correction"));
            return this;
        }

        /**
         * Puts one entry of {@code correction}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putCorrection(String key, Object value) {
            this.correction.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Sets rating; {@code null} clears it.
         *
         * @param rating user rating 1-5
         * @return this builder
         */
        public Builder rating(Integer rating) {
            this.rating = rating;
            return this;
        }

        /**
         * Sets latencyMillis; {@code null} clears it.
         *
         * @param latencyMillis latency of the call
         * @return this builder
         */
        public Builder latencyMillis(Long latencyMillis) {
            this.latencyMillis = latencyMillis;
            return this;
        }

        /**
         * Sets usage; {@code null} clears it.
         *
         * @param usage tokens used
         * @return this builder
         */
        public Builder usage(TokenUsage usage) {
            this.usage = usage;
            return this;
        }

        /**
         * Sets subject; {@code null} clears it.
         *
         * @param subject the subject (user) it was served to
         * @return this builder
         */
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

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public ProductionRecord build() {
            return new ProductionRecord(Optional.ofNullable(id), Optional.ofNullable(timestamp), task, modelId, arm, prediction, correction, rating == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(rating), latencyMillis == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(latencyMillis), Optional.ofNullable(usage), Optional.ofNullable(subject), Optional.ofNullable(correctedFields));
        }
    }
}
