/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * Estimated training cost of a file: tokens, epochs and price, from a dated price table. The token
 * counts are exact when the model's tokenizer ran, and estimated otherwise: {@link #tokensExact()}.
 *
 * @param model the base model priced
 * @param examples examples in the file
 * @param trainingTokens tokens in the file, chat overhead included
 * @param billedTokensPerEpoch tokens billed per epoch (each example capped at the model's limit)
 * @param epochs epochs: as given, or as the provider picks them for auto
 * @param billedTokens billed tokens over all epochs
 * @param pricePerMillionTokens training price per 1M tokens, in USD
 * @param cost estimated cost in USD
 * @param priceDate when the price table was last checked
 * @param distribution tokens per example
 * @param examplesOverLimit examples longer than the model's context, which get truncated
 * @param tokensExact whether the token counts are exact (the model's tokenizer ran) or estimated from the text's length (no tokenizer runs offline for the model)
 * @since 0.1
 */
public record CostEstimate(
    String model,
    int examples,
    long trainingTokens,
    long billedTokensPerEpoch,
    int epochs,
    long billedTokens,
    java.math.BigDecimal pricePerMillionTokens,
    java.math.BigDecimal cost,
    java.time.LocalDate priceDate,
    TokenDistribution distribution,
    int examplesOverLimit,
    boolean tokensExact
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param model the base model priced
     * @param examples examples in the file
     * @param trainingTokens tokens in the file, chat overhead included
     * @param billedTokensPerEpoch tokens billed per epoch (each example capped at the model's limit)
     * @param epochs epochs: as given, or as the provider picks them for auto
     * @param billedTokens billed tokens over all epochs
     * @param pricePerMillionTokens training price per 1M tokens, in USD
     * @param cost estimated cost in USD
     * @param priceDate when the price table was last checked
     * @param distribution tokens per example
     * @param examplesOverLimit examples longer than the model's context, which get truncated
     * @param tokensExact whether the token counts are exact (the model's tokenizer ran) or estimated from the text's length (no tokenizer runs offline for the model)
     */
    public CostEstimate {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(pricePerMillionTokens, "pricePerMillionTokens");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(priceDate, "priceDate");
        Objects.requireNonNull(distribution, "distribution");
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
        b.model = this.model;
        b.examples = this.examples;
        b.trainingTokens = this.trainingTokens;
        b.billedTokensPerEpoch = this.billedTokensPerEpoch;
        b.epochs = this.epochs;
        b.billedTokens = this.billedTokens;
        b.pricePerMillionTokens = this.pricePerMillionTokens;
        b.cost = this.cost;
        b.priceDate = this.priceDate;
        b.distribution = this.distribution;
        b.examplesOverLimit = this.examplesOverLimit;
        b.tokensExact = this.tokensExact;
        return b;
    }

    /**
     * Returns the estimate's components, with {@code tokens=exact} or {@code tokens=estimated}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "CostEstimate[model=" + model + ", examples=" + examples + ", trainingTokens=" + trainingTokens
            + ", billedTokensPerEpoch=" + billedTokensPerEpoch + ", epochs=" + epochs + ", billedTokens=" + billedTokens
            + ", pricePerMillionTokens=" + pricePerMillionTokens + ", cost=" + cost + ", priceDate=" + priceDate
            + ", distribution=" + distribution + ", examplesOverLimit=" + examplesOverLimit
            + ", tokens=" + (tokensExact ? "exact" : "estimated") + "]";
    }

    /** Builds CostEstimate values. */
    public static final class Builder {
        private String model;
        private int examples;
        private long trainingTokens;
        private long billedTokensPerEpoch;
        private int epochs;
        private long billedTokens;
        private java.math.BigDecimal pricePerMillionTokens;
        private java.math.BigDecimal cost;
        private java.time.LocalDate priceDate;
        private TokenDistribution distribution;
        private int examplesOverLimit;
        private boolean tokensExact = true;

        private Builder() {
        }

        /**
         * Sets the base model priced.
         *
         * @param model the base model priced
         * @return this builder
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Sets examples in the file.
         *
         * @param examples examples in the file
         * @return this builder
         */
        public Builder examples(int examples) {
            this.examples = examples;
            return this;
        }

        /**
         * Sets tokens in the file, chat overhead included.
         *
         * @param trainingTokens tokens in the file, chat overhead included
         * @return this builder
         */
        public Builder trainingTokens(long trainingTokens) {
            this.trainingTokens = trainingTokens;
            return this;
        }

        /**
         * Sets tokens billed per epoch (each example capped at the model's limit).
         *
         * @param billedTokensPerEpoch tokens billed per epoch (each example capped at the model's limit)
         * @return this builder
         */
        public Builder billedTokensPerEpoch(long billedTokensPerEpoch) {
            this.billedTokensPerEpoch = billedTokensPerEpoch;
            return this;
        }

        /**
         * Sets epochs: as given, or as the provider picks them for auto.
         *
         * @param epochs epochs: as given, or as the provider picks them for auto
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets billed tokens over all epochs.
         *
         * @param billedTokens billed tokens over all epochs
         * @return this builder
         */
        public Builder billedTokens(long billedTokens) {
            this.billedTokens = billedTokens;
            return this;
        }

        /**
         * Sets training price per 1M tokens, in USD.
         *
         * @param pricePerMillionTokens training price per 1M tokens, in USD
         * @return this builder
         */
        public Builder pricePerMillionTokens(java.math.BigDecimal pricePerMillionTokens) {
            this.pricePerMillionTokens = Objects.requireNonNull(pricePerMillionTokens, "pricePerMillionTokens");
            return this;
        }

        /**
         * Sets estimated cost in USD.
         *
         * @param cost estimated cost in USD
         * @return this builder
         */
        public Builder cost(java.math.BigDecimal cost) {
            this.cost = Objects.requireNonNull(cost, "cost");
            return this;
        }

        /**
         * Sets when the price table was last checked.
         *
         * @param priceDate when the price table was last checked
         * @return this builder
         */
        public Builder priceDate(java.time.LocalDate priceDate) {
            this.priceDate = Objects.requireNonNull(priceDate, "priceDate");
            return this;
        }

        /**
         * Sets tokens per example.
         *
         * @param distribution tokens per example
         * @return this builder
         */
        public Builder distribution(TokenDistribution distribution) {
            this.distribution = Objects.requireNonNull(distribution, "distribution");
            return this;
        }

        /**
         * Sets examples longer than the model's context, which get truncated.
         *
         * @param examplesOverLimit examples longer than the model's context, which get truncated
         * @return this builder
         */
        public Builder examplesOverLimit(int examplesOverLimit) {
            this.examplesOverLimit = examplesOverLimit;
            return this;
        }

        /**
         * Sets whether the token counts are exact; default {@code true}.
         *
         * @param exact {@code false} for estimated counts
         * @return this builder
         * @since 0.2
         */
        public Builder tokensExact(boolean exact) {
            this.tokensExact = exact;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public CostEstimate build() {
            return new CostEstimate(model, examples, trainingTokens, billedTokensPerEpoch, epochs, billedTokens, pricePerMillionTokens, cost, priceDate, distribution, examplesOverLimit, tokensExact);
        }
    }
}
