/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A model the provider serves.
 */
public final class ModelInfo {
    private final String id;
    private final String ownedBy;
    private final java.time.Instant createdAt;
    private final String baseModel;
    private final java.time.LocalDate shutdownDate;

    private ModelInfo(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.ownedBy = Objects.requireNonNull(b.ownedBy, "ownedBy");
        this.createdAt = b.createdAt;
        this.baseModel = b.baseModel;
        this.shutdownDate = b.shutdownDate;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = this.id;
        b.ownedBy = this.ownedBy;
        b.createdAt = this.createdAt;
        b.baseModel = this.baseModel;
        b.shutdownDate = this.shutdownDate;
        return b;
    }

    /** The model id. */
    public String id() {
        return id;
    }

    /** The owning organisation. */
    public String ownedBy() {
        return ownedBy;
    }

    /** When it was created. */
    public Optional<java.time.Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    /** For fine-tuned models: the model it was tuned from. */
    public Optional<String> baseModel() {
        return Optional.ofNullable(baseModel);
    }

    /** When the provider stops serving it, if announced. */
    public Optional<java.time.LocalDate> shutdownDate() {
        return Optional.ofNullable(shutdownDate);
    }

    /**
     * Returns whether this is a fine-tuned model: one with a {@link #baseModel()}, or an id in
     * OpenAI's {@code ft:...} form.
     */
    public boolean isFineTuned() {
        return baseModel != null || id.startsWith("ft:");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelInfo)) {
            return false;
        }
        ModelInfo that = (ModelInfo) o;
        return Objects.equals(id, that.id)
            && Objects.equals(ownedBy, that.ownedBy)
            && Objects.equals(createdAt, that.createdAt)
            && Objects.equals(baseModel, that.baseModel)
            && Objects.equals(shutdownDate, that.shutdownDate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, ownedBy, createdAt, baseModel, shutdownDate);
    }

    @Override
    public String toString() {
        return "ModelInfo{"
            + "id=" + id
            + ", ownedBy=" + ownedBy
            + ", createdAt=" + createdAt
            + ", baseModel=" + baseModel
            + ", shutdownDate=" + shutdownDate
            + '}';
    }

    /** Builds ModelInfo values. */
    public static final class Builder {
        private String id;
        private String ownedBy = "";
        private java.time.Instant createdAt;
        private String baseModel;
        private java.time.LocalDate shutdownDate;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        public Builder ownedBy(String ownedBy) {
            this.ownedBy = Objects.requireNonNull(ownedBy, "ownedBy");
            return this;
        }

        /** Sets createdAt; {@code null} clears it. */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** Sets baseModel; {@code null} clears it. */
        public Builder baseModel(String baseModel) {
            this.baseModel = baseModel;
            return this;
        }

        /** Sets shutdownDate; {@code null} clears it. */
        public Builder shutdownDate(java.time.LocalDate shutdownDate) {
            this.shutdownDate = shutdownDate;
            return this;
        }

        public ModelInfo build() {
            return new ModelInfo(this);
        }
    }
}
