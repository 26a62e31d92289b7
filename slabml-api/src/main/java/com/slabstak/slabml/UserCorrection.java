/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A user's correction of a card identification: what the model said, what the user changed it to,
 * and which fields changed. When {@link #correctedFields()} is empty the collector works them out.
 *
 * <pre>{@code
 * UserCorrection c = UserCorrection.builder()
 *     .ocrText("1986 FLEER JORDAN 57 PSA 8")
 *     .original(predicted)
 *     .corrected(fixed)
 *     .userId("user123")
 *     .build();
 * }</pre>
 *
 * @param ocrText the OCR text the model was given
 * @param original the model's answer
 * @param corrected the user's answer
 * @param userId who corrected it
 * @param correctedFields fields the user changed; empty means "work it out"
 * @param confidence trust in the corrected answer, from 0 to 1
 * @since 0.1
 */
public record UserCorrection(
    String ocrText,
    CardData original,
    CardData corrected,
    String userId,
    List<String> correctedFields,
    double confidence
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param ocrText the OCR text the model was given
     * @param original the model's answer
     * @param corrected the user's answer
     * @param userId who corrected it
     * @param correctedFields fields the user changed; empty means "work it out"
     * @param confidence trust in the corrected answer, from 0 to 1
     */
    public UserCorrection {
        Objects.requireNonNull(ocrText, "ocrText");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(corrected, "corrected");
        Objects.requireNonNull(userId, "userId");
        correctedFields = List.copyOf(correctedFields);
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
        b.ocrText = this.ocrText;
        b.original = this.original;
        b.corrected = this.corrected;
        b.userId = this.userId;
        b.correctedFields.addAll(this.correctedFields);
        b.confidence = this.confidence;
        return b;
    }

    /** Builds UserCorrection values. */
    public static final class Builder {
        private String ocrText;
        private CardData original;
        private CardData corrected;
        private String userId;
        private final List<String> correctedFields = new ArrayList<>();
        private double confidence = 0.9;

        private Builder() {
        }

        /**
         * Sets the OCR text the model was given.
         *
         * @param ocrText the OCR text the model was given
         * @return this builder
         */
        public Builder ocrText(String ocrText) {
            this.ocrText = Objects.requireNonNull(ocrText, "ocrText");
            return this;
        }

        /**
         * Sets the model's answer.
         *
         * @param original the model's answer
         * @return this builder
         */
        public Builder original(CardData original) {
            this.original = Objects.requireNonNull(original, "original");
            return this;
        }

        /**
         * Sets the user's answer.
         *
         * @param corrected the user's answer
         * @return this builder
         */
        public Builder corrected(CardData corrected) {
            this.corrected = Objects.requireNonNull(corrected, "corrected");
            return this;
        }

        /**
         * Sets who corrected it.
         *
         * @param userId who corrected it
         * @return this builder
         */
        public Builder userId(String userId) {
            this.userId = Objects.requireNonNull(userId, "userId");
            return this;
        }

        /**
         * Sets fields the user changed; empty means "work it out".
         *
         * @param correctedFields fields the user changed; empty means "work it out"
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
         * Sets trust in the corrected answer, from 0 to 1.
         *
         * @param confidence trust in the corrected answer, from 0 to 1
         * @return this builder
         */
        public Builder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public UserCorrection build() {
            return new UserCorrection(ocrText, original, corrected, userId, correctedFields, confidence);
        }
    }
}
