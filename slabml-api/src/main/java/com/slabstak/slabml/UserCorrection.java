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
 * {@code
 * UserCorrection c = UserCorrection.builder()
 *     .ocrText("1986 FLEER JORDAN 57 PSA 8")
 *     .original(predicted)
 *     .corrected(fixed)
 *     .userId("user123")
 *     .build();
 * }
 */
public final class UserCorrection {
    private final String ocrText;
    private final CardData original;
    private final CardData corrected;
    private final String userId;
    private final List<String> correctedFields;
    private final double confidence;

    private UserCorrection(Builder b) {
        this.ocrText = Objects.requireNonNull(b.ocrText, "ocrText");
        this.original = Objects.requireNonNull(b.original, "original");
        this.corrected = Objects.requireNonNull(b.corrected, "corrected");
        this.userId = Objects.requireNonNull(b.userId, "userId");
        this.correctedFields = List.copyOf(b.correctedFields);
        this.confidence = b.confidence;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
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

    /** The OCR text the model was given. */
    public String ocrText() {
        return ocrText;
    }

    /** The model's answer. */
    public CardData original() {
        return original;
    }

    /** The user's answer. */
    public CardData corrected() {
        return corrected;
    }

    /** Who corrected it. */
    public String userId() {
        return userId;
    }

    /** Fields the user changed; empty means "work it out". */
    public List<String> correctedFields() {
        return correctedFields;
    }

    /** Trust in the corrected answer, from 0 to 1. */
    public double confidence() {
        return confidence;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UserCorrection)) {
            return false;
        }
        UserCorrection that = (UserCorrection) o;
        return Objects.equals(ocrText, that.ocrText)
            && Objects.equals(original, that.original)
            && Objects.equals(corrected, that.corrected)
            && Objects.equals(userId, that.userId)
            && Objects.equals(correctedFields, that.correctedFields)
            && Objects.equals(confidence, that.confidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ocrText, original, corrected, userId, correctedFields, confidence);
    }

    @Override
    public String toString() {
        return "UserCorrection{"
            + "ocrText=" + ocrText
            + ", original=" + original
            + ", corrected=" + corrected
            + ", userId=" + userId
            + ", correctedFields=" + correctedFields
            + ", confidence=" + confidence
            + '}';
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

        public Builder ocrText(String ocrText) {
            this.ocrText = Objects.requireNonNull(ocrText, "ocrText");
            return this;
        }

        public Builder original(CardData original) {
            this.original = Objects.requireNonNull(original, "original");
            return this;
        }

        public Builder corrected(CardData corrected) {
            this.corrected = Objects.requireNonNull(corrected, "corrected");
            return this;
        }

        public Builder userId(String userId) {
            this.userId = Objects.requireNonNull(userId, "userId");
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

        public Builder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        public UserCorrection build() {
            return new UserCorrection(this);
        }
    }
}
