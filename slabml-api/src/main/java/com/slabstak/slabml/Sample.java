/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One training example as structured data: what the task was given ({@link #input()}) and the
 * answer a person confirmed ({@link #output()}). Samples are rendered to chat messages only at export
 * time, by the sample's {@link com.slabstak.slabml.spi.Task}, so a new prompt re-renders old data.
 *
 * <p>{@code id} and {@code createdAt} may be left unset when a sample is handed to a collector, which
 * assigns them.
 *
 * <pre>{@code
 * Sample s = Sample.builder()
 *     .task(TaskName.CARD_IDENTIFICATION)
 *     .source(SampleSource.MANUAL)
 *     .putInput("ocr_text", "MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5")
 *     .putOutput("player", "Michael Jordan")
 *     .build();
 * }</pre>
 *
 * @param id stable identifier; when unset, the collector assigns a time-ordered UUID (version 7, RFC 9562)
 * @param task the task this sample trains
 * @param source where the sample came from
 * @param input task input, as JSON-like values (strings, numbers, booleans, lists, maps)
 * @param output the confirmed answer, as JSON-like values
 * @param confidence how much the answer is trusted, from 0 to 1
 * @param createdAt when the sample was collected
 * @param userId who confirmed or corrected the answer
 * @param correctedFields for corrections: the output fields the user changed
 * @param original for corrections: the model's original answer
 * @since 0.1
 */
public record Sample(
    Optional<String> id,
    TaskName task,
    SampleSource source,
    Map<String, Object> input,
    Map<String, Object> output,
    double confidence,
    Optional<java.time.Instant> createdAt,
    Optional<String> userId,
    List<String> correctedFields,
    Map<String, Object> original
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param id stable identifier assigned by the collector
     * @param task the task this sample trains
     * @param source where the sample came from
     * @param input task input, as JSON-like values (strings, numbers, booleans, lists, maps)
     * @param output the confirmed answer, as JSON-like values
     * @param confidence how much the answer is trusted, from 0 to 1
     * @param createdAt when the sample was collected
     * @param userId who confirmed or corrected the answer
     * @param correctedFields for corrections: the output fields the user changed
     * @param original for corrections: the model's original answer
     */
    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(source, "source");
        input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
        output = Collections.unmodifiableMap(new LinkedHashMap<>(output));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(userId, "userId");
        correctedFields = List.copyOf(correctedFields);
        original = Collections.unmodifiableMap(new LinkedHashMap<>(original));
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new InvalidInputException("confidence", "must be between 0 and 1, was " + confidence);
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
        b.task = this.task;
        b.source = this.source;
        b.input.putAll(this.input);
        b.output.putAll(this.output);
        b.confidence = this.confidence;
        b.createdAt = this.createdAt.orElse(null);
        b.userId = this.userId.orElse(null);
        b.correctedFields.addAll(this.correctedFields);
        b.original.putAll(this.original);
        return b;
    }

    /** Builds Sample values. */
    public static final class Builder {
        private String id;
        private TaskName task;
        private SampleSource source;
        private final Map<String, Object> input = new LinkedHashMap<>();
        private final Map<String, Object> output = new LinkedHashMap<>();
        private double confidence = 1.0;
        private java.time.Instant createdAt;
        private String userId;
        private final List<String> correctedFields = new ArrayList<>();
        private final Map<String, Object> original = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets id; {@code null} clears it.
         *
         * @param id stable identifier assigned by the collector
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the task this sample trains.
         *
         * @param task the task this sample trains
         * @return this builder
         */
        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * Sets where the sample came from.
         *
         * @param source where the sample came from
         * @return this builder
         */
        public Builder source(SampleSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Sets task input, as JSON-like values (strings, numbers, booleans, lists, maps).
         *
         * @param input task input, as JSON-like values (strings, numbers, booleans, lists, maps)
         * @return this builder
         */
        public Builder input(Map<? extends String, ? extends Object> input) {
            this.input.clear();
            this.input.putAll(Objects.requireNonNull(input, "input"));
            return this;
        }

        /**
         * Puts one entry of {@code input}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putInput(String key, Object value) {
            this.input.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Sets the confirmed answer, as JSON-like values.
         *
         * @param output the confirmed answer, as JSON-like values
         * @return this builder
         */
        public Builder output(Map<? extends String, ? extends Object> output) {
            this.output.clear();
            this.output.putAll(Objects.requireNonNull(output, "output"));
            return this;
        }

        /**
         * Puts one entry of {@code output}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putOutput(String key, Object value) {
            this.output.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Sets how much the answer is trusted, from 0 to 1.
         *
         * @param confidence how much the answer is trusted, from 0 to 1
         * @return this builder
         */
        public Builder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        /**
         * Sets createdAt; {@code null} clears it.
         *
         * @param createdAt when the sample was collected
         * @return this builder
         */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * Sets userId; {@code null} clears it.
         *
         * @param userId who confirmed or corrected the answer
         * @return this builder
         */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * Sets for corrections: the output fields the user changed.
         *
         * @param correctedFields for corrections: the output fields the user changed
         * @return this builder
         */
        public Builder correctedFields(java.util.Collection<? extends String> correctedFields) {
            this.correctedFields.clear();
            this.correctedFields.addAll(Objects.requireNonNull(correctedFields, "correctedFields"));
            return this;
        }

        /**
         * Adds one element to {@code corrected_field}.
         *
         * @param correctedField the element
         * @return this builder
         */
        public Builder addCorrectedField(String correctedField) {
            this.correctedFields.add(Objects.requireNonNull(correctedField, "correctedField"));
            return this;
        }

        /**
         * Sets for corrections: the model's original answer.
         *
         * @param original for corrections: the model's original answer
         * @return this builder
         */
        public Builder original(Map<? extends String, ? extends Object> original) {
            this.original.clear();
            this.original.putAll(Objects.requireNonNull(original, "original"));
            return this;
        }

        /**
         * Puts one entry of {@code original}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putOriginal(String key, Object value) {
            this.original.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public Sample build() {
            return new Sample(Optional.ofNullable(id), task, source, input, output, confidence, Optional.ofNullable(createdAt), Optional.ofNullable(userId), correctedFields, original);
        }
    }
}
