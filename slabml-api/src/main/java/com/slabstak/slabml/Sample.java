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
 * {@code
 * Sample s = Sample.builder()
 *     .task(TaskName.CARD_IDENTIFICATION)
 *     .source(SampleSource.MANUAL)
 *     .putInput("ocr_text", "MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5")
 *     .putOutput("player", "Michael Jordan")
 *     .build();
 * }
 */
public final class Sample {
    private final String id;
    private final TaskName task;
    private final SampleSource source;
    private final Map<String, Object> input;
    private final Map<String, Object> output;
    private final double confidence;
    private final java.time.Instant createdAt;
    private final String userId;
    private final List<String> correctedFields;
    private final Map<String, Object> original;

    private Sample(Builder b) {
        this.id = b.id;
        this.task = Objects.requireNonNull(b.task, "task");
        this.source = Objects.requireNonNull(b.source, "source");
        this.input = Collections.unmodifiableMap(new LinkedHashMap<>(b.input));
        this.output = Collections.unmodifiableMap(new LinkedHashMap<>(b.output));
        this.confidence = b.confidence;
        this.createdAt = b.createdAt;
        this.userId = b.userId;
        this.correctedFields = List.copyOf(b.correctedFields);
        this.original = Collections.unmodifiableMap(new LinkedHashMap<>(b.original));
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
        b.task = this.task;
        b.source = this.source;
        b.input.putAll(this.input);
        b.output.putAll(this.output);
        b.confidence = this.confidence;
        b.createdAt = this.createdAt;
        b.userId = this.userId;
        b.correctedFields.addAll(this.correctedFields);
        b.original.putAll(this.original);
        return b;
    }

    /** Stable identifier assigned by the collector. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** The task this sample trains. */
    public TaskName task() {
        return task;
    }

    /** Where the sample came from. */
    public SampleSource source() {
        return source;
    }

    /** Task input, as JSON-like values (strings, numbers, booleans, lists, maps). */
    public Map<String, Object> input() {
        return input;
    }

    /** The confirmed answer, as JSON-like values. */
    public Map<String, Object> output() {
        return output;
    }

    /** How much the answer is trusted, from 0 to 1. */
    public double confidence() {
        return confidence;
    }

    /** When the sample was collected. */
    public Optional<java.time.Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    /** Who confirmed or corrected the answer. */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    /** For corrections: the output fields the user changed. */
    public List<String> correctedFields() {
        return correctedFields;
    }

    /** For corrections: the model's original answer. */
    public Map<String, Object> original() {
        return original;
    }

    private void validate() {
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new InvalidInputException("confidence", "must be between 0 and 1, was " + confidence);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Sample)) {
            return false;
        }
        Sample that = (Sample) o;
        return Objects.equals(id, that.id)
            && Objects.equals(task, that.task)
            && Objects.equals(source, that.source)
            && Objects.equals(input, that.input)
            && Objects.equals(output, that.output)
            && Objects.equals(confidence, that.confidence)
            && Objects.equals(createdAt, that.createdAt)
            && Objects.equals(userId, that.userId)
            && Objects.equals(correctedFields, that.correctedFields)
            && Objects.equals(original, that.original);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, task, source, input, output, confidence, createdAt, userId, correctedFields, original);
    }

    @Override
    public String toString() {
        return "Sample{"
            + "id=" + id
            + ", task=" + task
            + ", source=" + source
            + ", input=" + input
            + ", output=" + output
            + ", confidence=" + confidence
            + ", createdAt=" + createdAt
            + ", userId=" + userId
            + ", correctedFields=" + correctedFields
            + ", original=" + original
            + '}';
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

        /** Sets id; {@code null} clears it. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        public Builder source(SampleSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        public Builder input(Map<? extends String, ? extends Object> input) {
            this.input.clear();
            this.input.putAll(Objects.requireNonNull(input, "input"));
            return this;
        }

        public Builder putInput(String key, Object value) {
            this.input.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public Builder output(Map<? extends String, ? extends Object> output) {
            this.output.clear();
            this.output.putAll(Objects.requireNonNull(output, "output"));
            return this;
        }

        public Builder putOutput(String key, Object value) {
            this.output.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public Builder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        /** Sets createdAt; {@code null} clears it. */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** Sets userId; {@code null} clears it. */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder correctedFields(java.util.Collection<? extends String> correctedFields) {
            this.correctedFields.clear();
            this.correctedFields.addAll(Objects.requireNonNull(correctedFields, "correctedFields"));
            return this;
        }

        public Builder addCorrectedField(String correctedField) {
            this.correctedFields.add(Objects.requireNonNull(correctedField, "correctedField"));
            return this;
        }

        public Builder original(Map<? extends String, ? extends Object> original) {
            this.original.clear();
            this.original.putAll(Objects.requireNonNull(original, "original"));
            return this;
        }

        public Builder putOriginal(String key, Object value) {
            this.original.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public Sample build() {
            return new Sample(this);
        }
    }
}
