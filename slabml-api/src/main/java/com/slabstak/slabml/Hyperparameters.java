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
 * {@code
 * Hyperparameters h = Hyperparameters.builder().epochs(3).build();
 * }
 */
public final class Hyperparameters {
    private final Integer epochs;
    private final Integer batchSize;
    private final Double learningRateMultiplier;
    private final Double beta;

    private Hyperparameters(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.learningRateMultiplier = b.learningRateMultiplier;
        this.beta = b.beta;
        validate();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = this.epochs;
        b.batchSize = this.batchSize;
        b.learningRateMultiplier = this.learningRateMultiplier;
        b.beta = this.beta;
        return b;
    }

    /** Number of epochs ({@code n_epochs}); empty means auto. */
    public java.util.OptionalInt epochs() {
        return epochs == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(epochs);
    }

    /** Batch size; empty means auto. */
    public java.util.OptionalInt batchSize() {
        return batchSize == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(batchSize);
    }

    /** Learning-rate multiplier; empty means auto. */
    public java.util.OptionalDouble learningRateMultiplier() {
        return learningRateMultiplier == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(learningRateMultiplier);
    }

    /**
     * How strongly preference (DPO) training keeps to the base model; empty means auto. Only for
     * preference jobs.
     *
     * @return the beta, if set
     * @since 0.2
     */
    public java.util.OptionalDouble beta() {
        return beta == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(beta);
    }

    private void validate() {
        if (beta != null && !(beta > 0 && Double.isFinite(beta))) {
            throw new InvalidInputException("beta", "must be auto or greater than 0, was " + beta);
        }
        if (epochs != null && epochs < 1) {
            throw new InvalidInputException("n_epochs", "must be auto or at least 1, was " + epochs);
        }
        if (batchSize != null && batchSize < 1) {
            throw new InvalidInputException("batch_size", "must be auto or at least 1, was " + batchSize);
        }
        if (learningRateMultiplier != null
            && !(learningRateMultiplier > 0 && Double.isFinite(learningRateMultiplier))) {
            throw new InvalidInputException(
                "learning_rate_multiplier", "must be auto or greater than 0, was " + learningRateMultiplier);
        }
    }

    /** Returns hyperparameters that leave every value to the provider. */
    public static Hyperparameters auto() {
        return builder().build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Hyperparameters)) {
            return false;
        }
        Hyperparameters that = (Hyperparameters) o;
        return Objects.equals(epochs, that.epochs)
            && Objects.equals(batchSize, that.batchSize)
            && Objects.equals(learningRateMultiplier, that.learningRateMultiplier)
            && Objects.equals(beta, that.beta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochs, batchSize, learningRateMultiplier, beta);
    }

    @Override
    public String toString() {
        return "Hyperparameters{"
            + "epochs=" + epochs
            + ", batchSize=" + batchSize
            + ", learningRateMultiplier=" + learningRateMultiplier
            + (beta == null ? "" : ", beta=" + beta)
            + '}';
    }

    /** Builds Hyperparameters values. */
    public static final class Builder {
        private Integer epochs;
        private Integer batchSize;
        private Double learningRateMultiplier;
        private Double beta;

        private Builder() {
        }

        /** Sets epochs; {@code null} clears it. */
        public Builder epochs(Integer epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Sets batchSize; {@code null} clears it. */
        public Builder batchSize(Integer batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Sets learningRateMultiplier; {@code null} clears it. */
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

        public Hyperparameters build() {
            return new Hyperparameters(this);
        }
    }
}
