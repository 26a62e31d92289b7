/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;
import java.util.Optional;

/**
 * Fine-tuning hyperparameters. An unset value means {@code auto}: the provider picks it.
 * Values must be positive here; the ranges a provider accepts come from its model catalogue
 * ({@link com.slabstak.slabml.spi.TrainableModel#ranges()}) and are checked when a job is created.
 *
 * <pre>{@code
 * Hyperparameters h = Hyperparameters.builder().epochs(3).build();
 * }</pre>
 *
 * @param epochs number of epochs ({@code n_epochs}); empty means auto
 * @param batchSize batch size; empty means auto
 * @param learningRateMultiplier learning-rate multiplier; empty means auto
 * @param beta how strongly preference (DPO) training keeps to the base model; empty means auto. Only for preference jobs.
 * @since 0.1
 */
public record Hyperparameters(
    java.util.OptionalInt epochs,
    java.util.OptionalInt batchSize,
    java.util.OptionalDouble learningRateMultiplier,
    java.util.OptionalDouble beta
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param epochs number of epochs ({@code n_epochs}); empty means auto
     * @param batchSize batch size; empty means auto
     * @param learningRateMultiplier learning-rate multiplier; empty means auto
     * @param beta how strongly preference (DPO) training keeps to the base model; empty means auto. Only for preference jobs.
     */
    public Hyperparameters {
        Objects.requireNonNull(epochs, "epochs");
        Objects.requireNonNull(batchSize, "batchSize");
        Objects.requireNonNull(learningRateMultiplier, "learningRateMultiplier");
        Objects.requireNonNull(beta, "beta");
        if (beta.isPresent() && !(beta.getAsDouble() > 0 && Double.isFinite(beta.getAsDouble()))) {
            throw new InvalidInputException("beta", "must be auto or greater than 0, was " + beta.getAsDouble());
        }
        if (epochs.isPresent() && epochs.getAsInt() < 1) {
            throw new InvalidInputException("n_epochs", "must be auto or at least 1, was " + epochs.getAsInt());
        }
        if (batchSize.isPresent() && batchSize.getAsInt() < 1) {
            throw new InvalidInputException("batch_size", "must be auto or at least 1, was " + batchSize.getAsInt());
        }
        if (learningRateMultiplier.isPresent()
            && !(learningRateMultiplier.getAsDouble() > 0 && Double.isFinite(learningRateMultiplier.getAsDouble()))) {
            throw new InvalidInputException("learning_rate_multiplier",
                "must be auto or greater than 0, was " + learningRateMultiplier.getAsDouble());
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
        b.epochs = this.epochs.isPresent() ? Integer.valueOf(this.epochs.getAsInt()) : null;
        b.batchSize = this.batchSize.isPresent() ? Integer.valueOf(this.batchSize.getAsInt()) : null;
        b.learningRateMultiplier = this.learningRateMultiplier.isPresent() ? Double.valueOf(this.learningRateMultiplier.getAsDouble()) : null;
        b.beta = this.beta.isPresent() ? Double.valueOf(this.beta.getAsDouble()) : null;
        return b;
    }

    /**
     * Returns hyperparameters that leave every value to the provider.
     *
     * @return hyperparameters that leave every value to the provider
     */
    public static Hyperparameters auto() {
        return builder().build();
    }

    /** Builds Hyperparameters values. */
    public static final class Builder {
        private Integer epochs;
        private Integer batchSize;
        private Double learningRateMultiplier;
        private Double beta;

        private Builder() {
        }

        /**
         * Sets epochs; {@code null} clears it.
         *
         * @param epochs number of epochs ({@code n_epochs}); empty means auto
         * @return this builder
         */
        public Builder epochs(Integer epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets batchSize; {@code null} clears it.
         *
         * @param batchSize batch size; empty means auto
         * @return this builder
         */
        public Builder batchSize(Integer batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets learningRateMultiplier; {@code null} clears it.
         *
         * @param learningRateMultiplier learning-rate multiplier; empty means auto
         * @return this builder
         */
        public Builder learningRateMultiplier(Double learningRateMultiplier) {
            this.learningRateMultiplier = learningRateMultiplier;
            return this;
        }

        /**
         * Sets the preference-training beta; {@code null} clears it (auto).
         *
         * @param beta above 0; the model's range applies when the job is created
         * @return this builder
         * @since 0.2
         */
        public Builder beta(Double beta) {
            this.beta = beta;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public Hyperparameters build() {
            return new Hyperparameters(epochs == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(epochs), batchSize == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(batchSize), learningRateMultiplier == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(learningRateMultiplier), beta == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(beta));
        }
    }
}
