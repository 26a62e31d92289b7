/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.InvalidInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A base model a provider fine-tunes: its context, the most tokens one training example may
 * have, its tokenizer, the methods it trains with and their prices per 1M training tokens (as of
 * {@link #priceDate()}), the hyperparameters it accepts and when it shuts down.
 *
 * <pre>{@code
 * TrainableModel m = TrainableModel.builder("org/model-8b")
 *     .contextTokens(131_072)
 *     .maxExampleTokens(8_192)
 *     .tokenizer(TokenizerSpec.huggingFace("org/model-8b"))
 *     .price(TrainingMethod.SUPERVISED, new BigDecimal("0.48"))
 *     .priceDate(LocalDate.of(2026, 12, 1))
 *     .range(ParameterRange.of(ParameterRange.EPOCHS, 1, 20))
 *     .build();
 * }</pre>
 *
 * @since 0.2
 */
public final class TrainableModel {
    private final String id;
    private final int contextTokens;
    private final int maxExampleTokens;
    private final TokenizerSpec tokenizer;
    private final Set<TrainingMethod> methods;
    private final Map<TrainingMethod, BigDecimal> prices;
    private final LocalDate priceDate;
    private final Map<String, ParameterRange> ranges;
    private final LocalDate shutdownDate;

    private TrainableModel(Builder b) {
        this.id = b.id;
        this.contextTokens = b.contextTokens;
        this.maxExampleTokens = b.maxExampleTokens == 0 ? b.contextTokens : b.maxExampleTokens;
        this.tokenizer = b.tokenizer;
        Set<TrainingMethod> m = new LinkedHashSet<>(b.methods);
        m.addAll(b.prices.keySet());
        if (m.isEmpty()) {
            m.add(TrainingMethod.SUPERVISED);
        }
        this.methods = Collections.unmodifiableSet(m);
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(b.prices));
        this.priceDate = b.priceDate;
        this.ranges = Collections.unmodifiableMap(new LinkedHashMap<>(b.ranges));
        this.shutdownDate = b.shutdownDate;
        if (contextTokens < 1) {
            throw new InvalidInputException("context_tokens", "must be positive, was " + contextTokens + " for " + id);
        }
        if (maxExampleTokens < 1 || maxExampleTokens > contextTokens) {
            throw new InvalidInputException("max_example_tokens",
                "must be 1-" + contextTokens + " (the context), was " + maxExampleTokens + " for " + id);
        }
        if (!prices.isEmpty() && priceDate == null) {
            throw new InvalidInputException("price_date", "prices of " + id + " need the date they were checked");
        }
    }

    /**
     * Returns a builder for a model.
     *
     * @param id the model id as the provider names it
     * @return the builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * Returns a builder that starts from this model.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.contextTokens = contextTokens;
        b.maxExampleTokens = maxExampleTokens;
        b.tokenizer = tokenizer;
        b.methods.addAll(methods);
        b.prices.putAll(prices);
        b.priceDate = priceDate;
        b.ranges.putAll(ranges);
        b.shutdownDate = shutdownDate;
        return b;
    }

    /** @return the model id as the provider names it */
    public String id() {
        return id;
    }

    /** @return the context window in tokens */
    public int contextTokens() {
        return contextTokens;
    }

    /** @return the most tokens one training example may have (longer examples are truncated or refused) */
    public int maxExampleTokens() {
        return maxExampleTokens;
    }

    /** @return how the model's tokens are counted */
    public TokenizerSpec tokenizer() {
        return tokenizer;
    }

    /** @return the methods the model trains with, supervised first when present */
    public Set<TrainingMethod> methods() {
        return methods;
    }

    /**
     * Whether the model trains with a method.
     *
     * @param method the method
     * @return {@code true} if supported
     */
    public boolean supports(TrainingMethod method) {
        return methods.contains(method);
    }

    /** @return the training price in USD per 1M tokens, by method; a method without price is unpriced */
    public Map<TrainingMethod, BigDecimal> prices() {
        return prices;
    }

    /**
     * The training price of a method.
     *
     * @param method the method
     * @return USD per 1M billed tokens, if known
     */
    public Optional<BigDecimal> price(TrainingMethod method) {
        return Optional.ofNullable(prices.get(method));
    }

    /** @return when the prices were last compared with the provider's, if the model has prices */
    public Optional<LocalDate> priceDate() {
        return Optional.ofNullable(priceDate);
    }

    /** @return the accepted values of each hyperparameter, by name ({@link ParameterRange#EPOCHS}, ...) */
    public Map<String, ParameterRange> ranges() {
        return ranges;
    }

    /**
     * The accepted values of one hyperparameter.
     *
     * @param name such as {@link ParameterRange#EPOCHS}
     * @return the range, if the provider states one
     */
    public Optional<ParameterRange> range(String name) {
        return Optional.ofNullable(ranges.get(name));
    }

    /** @return the day the provider stops serving the model and its fine-tunes, if announced */
    public Optional<LocalDate> shutdownDate() {
        return Optional.ofNullable(shutdownDate);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TrainableModel)) {
            return false;
        }
        TrainableModel t = (TrainableModel) o;
        return id.equals(t.id) && contextTokens == t.contextTokens && maxExampleTokens == t.maxExampleTokens
            && tokenizer.equals(t.tokenizer) && methods.equals(t.methods) && prices.equals(t.prices)
            && Objects.equals(priceDate, t.priceDate) && ranges.equals(t.ranges)
            && Objects.equals(shutdownDate, t.shutdownDate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, contextTokens, maxExampleTokens, tokenizer, methods, prices, priceDate, ranges, shutdownDate);
    }

    @Override
    public String toString() {
        return "TrainableModel{" + id + ", context=" + contextTokens + ", maxExampleTokens=" + maxExampleTokens
            + ", tokenizer=" + tokenizer + ", methods=" + methods + ", prices=" + prices
            + (priceDate == null ? "" : " as of " + priceDate)
            + (shutdownDate == null ? "" : ", shutdown=" + shutdownDate) + '}';
    }

    /** Builds {@link TrainableModel} values; {@link #build()} checks them. */
    public static final class Builder {
        private final String id;
        private int contextTokens;
        private int maxExampleTokens;
        private TokenizerSpec tokenizer = TokenizerSpec.estimate();
        private final Set<TrainingMethod> methods = new LinkedHashSet<>();
        private final Map<TrainingMethod, BigDecimal> prices = new LinkedHashMap<>();
        private LocalDate priceDate;
        private final Map<String, ParameterRange> ranges = new LinkedHashMap<>();
        private LocalDate shutdownDate;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new InvalidInputException("model", "must not be blank");
            }
        }

        /**
         * Sets the context window.
         *
         * @param tokens the context in tokens
         * @return this builder
         */
        public Builder contextTokens(int tokens) {
            this.contextTokens = tokens;
            return this;
        }

        /**
         * Sets the most tokens one training example may have; defaults to the context.
         *
         * @param tokens the per-example limit
         * @return this builder
         */
        public Builder maxExampleTokens(int tokens) {
            this.maxExampleTokens = tokens;
            return this;
        }

        /**
         * Sets the tokenizer; defaults to {@link TokenizerSpec#estimate()}.
         *
         * @param tokenizer the tokenizer
         * @return this builder
         */
        public Builder tokenizer(TokenizerSpec tokenizer) {
            this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
            return this;
        }

        /**
         * Adds a method the model trains with (a priced method is added by {@link #price}); a model
         * with none trains {@link TrainingMethod#SUPERVISED}.
         *
         * @param method the method
         * @return this builder
         */
        public Builder addMethod(TrainingMethod method) {
            methods.add(Objects.requireNonNull(method, "method"));
            return this;
        }

        /**
         * Sets the training price of a method, which the model then supports.
         *
         * @param method          the method
         * @param usdPerMillion   USD per 1M billed tokens, not negative
         * @return this builder
         * @throws InvalidInputException if the price is negative
         */
        public Builder price(TrainingMethod method, BigDecimal usdPerMillion) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(usdPerMillion, "usdPerMillion");
            if (usdPerMillion.signum() < 0) {
                throw new InvalidInputException("price", "must not be negative, was " + usdPerMillion + " for " + id);
            }
            prices.put(method, usdPerMillion);
            return this;
        }

        /**
         * Sets when the prices were last checked.
         *
         * @param date the date
         * @return this builder
         */
        public Builder priceDate(LocalDate date) {
            this.priceDate = Objects.requireNonNull(date, "date");
            return this;
        }

        /**
         * Adds or replaces the range of one hyperparameter.
         *
         * @param range the range
         * @return this builder
         */
        public Builder range(ParameterRange range) {
            ranges.put(range.name(), range);
            return this;
        }

        /**
         * Sets the day the model shuts down.
         *
         * @param date the date, or {@code null} for none announced
         * @return this builder
         */
        public Builder shutdownDate(LocalDate date) {
            this.shutdownDate = date;
            return this;
        }

        /**
         * Builds the model.
         *
         * @return the model
         * @throws InvalidInputException if the context is missing or the limits disagree, or prices have no date
         */
        public TrainableModel build() {
            return new TrainableModel(this);
        }
    }
}
