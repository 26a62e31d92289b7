/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * Estimated training cost of a file: tokens, epochs and price, from a dated price table. The token
 * counts are exact when the model's tokenizer ran, and estimated otherwise: {@link #tokensExact()}.
 */
public final class CostEstimate {
    private final String model;
    private final int examples;
    private final long trainingTokens;
    private final long billedTokensPerEpoch;
    private final int epochs;
    private final long billedTokens;
    private final java.math.BigDecimal pricePerMillionTokens;
    private final java.math.BigDecimal cost;
    private final java.time.LocalDate priceDate;
    private final TokenDistribution distribution;
    private final int examplesOverLimit;
    private final boolean tokensExact;

    private CostEstimate(Builder b) {
        this.model = Objects.requireNonNull(b.model, "model");
        this.examples = b.examples;
        this.trainingTokens = b.trainingTokens;
        this.billedTokensPerEpoch = b.billedTokensPerEpoch;
        this.epochs = b.epochs;
        this.billedTokens = b.billedTokens;
        this.pricePerMillionTokens = Objects.requireNonNull(b.pricePerMillionTokens, "pricePerMillionTokens");
        this.cost = Objects.requireNonNull(b.cost, "cost");
        this.priceDate = Objects.requireNonNull(b.priceDate, "priceDate");
        this.distribution = Objects.requireNonNull(b.distribution, "distribution");
        this.examplesOverLimit = b.examplesOverLimit;
        this.tokensExact = b.tokensExact;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
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

    /** The base model priced. */
    public String model() {
        return model;
    }

    /** Examples in the file. */
    public int examples() {
        return examples;
    }

    /** Tokens in the file, chat overhead included. */
    public long trainingTokens() {
        return trainingTokens;
    }

    /** Tokens billed per epoch (each example capped at the model's limit). */
    public long billedTokensPerEpoch() {
        return billedTokensPerEpoch;
    }

    /** Epochs: as given, or as the provider picks them for auto. */
    public int epochs() {
        return epochs;
    }

    /** Billed tokens over all epochs. */
    public long billedTokens() {
        return billedTokens;
    }

    /** Training price per 1M tokens, in USD. */
    public java.math.BigDecimal pricePerMillionTokens() {
        return pricePerMillionTokens;
    }

    /** Estimated cost in USD. */
    public java.math.BigDecimal cost() {
        return cost;
    }

    /** When the price table was last checked. */
    public java.time.LocalDate priceDate() {
        return priceDate;
    }

    /** Tokens per example. */
    public TokenDistribution distribution() {
        return distribution;
    }

    /** Examples longer than the model's context, which get truncated. */
    public int examplesOverLimit() {
        return examplesOverLimit;
    }

    /**
     * Whether the token counts are exact (the model's tokenizer ran) or estimated from the text's
     * length (no tokenizer runs offline for the model).
     *
     * @return {@code true} for exact counts
     * @since 0.2
     */
    public boolean tokensExact() {
        return tokensExact;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CostEstimate)) {
            return false;
        }
        CostEstimate that = (CostEstimate) o;
        return Objects.equals(model, that.model)
            && Objects.equals(examples, that.examples)
            && Objects.equals(trainingTokens, that.trainingTokens)
            && Objects.equals(billedTokensPerEpoch, that.billedTokensPerEpoch)
            && Objects.equals(epochs, that.epochs)
            && Objects.equals(billedTokens, that.billedTokens)
            && Objects.equals(pricePerMillionTokens, that.pricePerMillionTokens)
            && Objects.equals(cost, that.cost)
            && Objects.equals(priceDate, that.priceDate)
            && Objects.equals(distribution, that.distribution)
            && Objects.equals(examplesOverLimit, that.examplesOverLimit)
            && tokensExact == that.tokensExact;
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, examples, trainingTokens, billedTokensPerEpoch, epochs, billedTokens, pricePerMillionTokens, cost, priceDate, distribution, examplesOverLimit, tokensExact);
    }

    @Override
    public String toString() {
        return "CostEstimate{"
            + "model=" + model
            + ", examples=" + examples
            + ", trainingTokens=" + trainingTokens
            + ", billedTokensPerEpoch=" + billedTokensPerEpoch
            + ", epochs=" + epochs
            + ", billedTokens=" + billedTokens
            + ", pricePerMillionTokens=" + pricePerMillionTokens
            + ", cost=" + cost
            + ", priceDate=" + priceDate
            + ", distribution=" + distribution
            + ", examplesOverLimit=" + examplesOverLimit
            + ", tokens=" + (tokensExact ? "exact" : "estimated")
            + '}';
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

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder examples(int examples) {
            this.examples = examples;
            return this;
        }

        public Builder trainingTokens(long trainingTokens) {
            this.trainingTokens = trainingTokens;
            return this;
        }

        public Builder billedTokensPerEpoch(long billedTokensPerEpoch) {
            this.billedTokensPerEpoch = billedTokensPerEpoch;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder billedTokens(long billedTokens) {
            this.billedTokens = billedTokens;
            return this;
        }

        public Builder pricePerMillionTokens(java.math.BigDecimal pricePerMillionTokens) {
            this.pricePerMillionTokens = Objects.requireNonNull(pricePerMillionTokens, "pricePerMillionTokens");
            return this;
        }

        public Builder cost(java.math.BigDecimal cost) {
            this.cost = Objects.requireNonNull(cost, "cost");
            return this;
        }

        public Builder priceDate(java.time.LocalDate priceDate) {
            this.priceDate = Objects.requireNonNull(priceDate, "priceDate");
            return this;
        }

        public Builder distribution(TokenDistribution distribution) {
            this.distribution = Objects.requireNonNull(distribution, "distribution");
            return this;
        }

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

        public CostEstimate build() {
            return new CostEstimate(this);
        }
    }
}
