/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A model the provider serves.
 *
 * @param id the model id
 * @param ownedBy the owning organisation
 * @param createdAt when it was created
 * @param baseModel for fine-tuned models: the model it was tuned from
 * @param shutdownDate when the provider stops serving it, if announced
 * @since 0.1
 */
public record ModelInfo(
    String id,
    String ownedBy,
    Optional<java.time.Instant> createdAt,
    Optional<String> baseModel,
    Optional<java.time.LocalDate> shutdownDate
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param id the model id
     * @param ownedBy the owning organisation
     * @param createdAt when it was created
     * @param baseModel for fine-tuned models: the model it was tuned from
     * @param shutdownDate when the provider stops serving it, if announced
     */
    public ModelInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownedBy, "ownedBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(shutdownDate, "shutdownDate");
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
        b.ownedBy = this.ownedBy;
        b.createdAt = this.createdAt.orElse(null);
        b.baseModel = this.baseModel.orElse(null);
        b.shutdownDate = this.shutdownDate.orElse(null);
        return b;
    }

    /**
     * Returns whether this is a fine-tuned model: one with a {@link #baseModel()}, or an id in
     * OpenAI's {@code ft:...} form.
     *
     * @return whether this is a fine-tuned model: one with a {@link #baseModel()}, or an id in OpenAI's {@code ft:...} form
     */
    public boolean isFineTuned() {
        return baseModel.isPresent() || id.startsWith("ft:");
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

        /**
         * Sets the model id.
         *
         * @param id the model id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /**
         * Sets the owning organisation.
         *
         * @param ownedBy the owning organisation
         * @return this builder
         */
        public Builder ownedBy(String ownedBy) {
            this.ownedBy = Objects.requireNonNull(ownedBy, "ownedBy");
            return this;
        }

        /**
         * Sets createdAt; {@code null} clears it.
         *
         * @param createdAt when it was created
         * @return this builder
         */
        public Builder createdAt(java.time.Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * Sets baseModel; {@code null} clears it.
         *
         * @param baseModel for fine-tuned models: the model it was tuned from
         * @return this builder
         */
        public Builder baseModel(String baseModel) {
            this.baseModel = baseModel;
            return this;
        }

        /**
         * Sets shutdownDate; {@code null} clears it.
         *
         * @param shutdownDate when the provider stops serving it, if announced
         * @return this builder
         */
        public Builder shutdownDate(java.time.LocalDate shutdownDate) {
            this.shutdownDate = shutdownDate;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public ModelInfo build() {
            return new ModelInfo(id, ownedBy, Optional.ofNullable(createdAt), Optional.ofNullable(baseModel), Optional.ofNullable(shutdownDate));
        }
    }
}
