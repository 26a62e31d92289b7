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
 *
 * @param id the model id as the provider names it
 * @param contextTokens the context window in tokens
 * @param maxExampleTokens the most tokens one training example may have (longer examples are truncated or refused)
 * @param tokenizer how the model's tokens are counted
 * @param methods the methods the model trains with, supervised first when present
 * @param prices the training price in USD per 1M tokens, by method; a method without price is unpriced
 * @param priceDate when the prices were last compared with the provider's, if the model has prices
 * @param ranges the accepted values of each hyperparameter, by name ({@link ParameterRange#EPOCHS}, ...)
 * @param shutdownDate the day the provider stops serving the model and its fine-tunes, if announced
 * @since 0.2
 */
public record TrainableModel(
    String id,
    int contextTokens,
    int maxExampleTokens,
    TokenizerSpec tokenizer,
    Set<TrainingMethod> methods,
    Map<TrainingMethod, BigDecimal> prices,
    Optional<LocalDate> priceDate,
    Map<String, ParameterRange> ranges,
    Optional<LocalDate> shutdownDate
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param id the model id as the provider names it
     * @param contextTokens the context window in tokens
     * @param maxExampleTokens the most tokens one training example may have (longer examples are truncated or refused)
     * @param tokenizer how the model's tokens are counted
     * @param methods the methods the model trains with, supervised first when present
     * @param prices the training price in USD per 1M tokens, by method; a method without price is unpriced
     * @param priceDate when the prices were last compared with the provider's, if the model has prices
     * @param ranges the accepted values of each hyperparameter, by name ({@link ParameterRange#EPOCHS}, ...)
     * @param shutdownDate the day the provider stops serving the model and its fine-tunes, if announced
     */
    public TrainableModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxExampleTokens == 0) {
            maxExampleTokens = contextTokens;
        }
        Set<TrainingMethod> m = new LinkedHashSet<>(methods);
        m.addAll(prices.keySet());
        if (m.isEmpty()) {
            m.add(TrainingMethod.SUPERVISED);
        }
        methods = Collections.unmodifiableSet(m);
        prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
        Objects.requireNonNull(priceDate, "priceDate");
        ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
        Objects.requireNonNull(shutdownDate, "shutdownDate");
        if (contextTokens < 1) {
            throw new InvalidInputException("context_tokens", "must be positive, was " + contextTokens + " for " + id);
        }
        if (maxExampleTokens < 1 || maxExampleTokens > contextTokens) {
            throw new InvalidInputException("max_example_tokens",
                "must be 1-" + contextTokens + " (the context), was " + maxExampleTokens + " for " + id);
        }
        if (!prices.isEmpty() && priceDate.isEmpty()) {
            throw new InvalidInputException("price_date", "prices of " + id + " need the date they were checked");
        }
    }

    /**
     * Returns a builder that starts from this value.
     *
     * @return a builder holding this value's components
     */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.contextTokens = contextTokens;
        b.maxExampleTokens = maxExampleTokens;
        b.tokenizer = tokenizer;
        b.methods.addAll(methods);
        b.prices.putAll(prices);
        b.priceDate = priceDate.orElse(null);
        b.ranges.putAll(ranges);
        b.shutdownDate = shutdownDate.orElse(null);
        return b;
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
     * Whether the model trains with a method.
     *
     * @param method the method
     * @return {@code true} if supported
     */
    public boolean supports(TrainingMethod method) {
        return methods.contains(method);
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

    /**
     * The accepted values of one hyperparameter.
     *
     * @param name such as {@link ParameterRange#EPOCHS}
     * @return the range, if the provider states one
     */
    public Optional<ParameterRange> range(String name) {
        return Optional.ofNullable(ranges.get(name));
    }

    /**
     * Returns the model's id, limits, methods and prices.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "TrainableModel{" + id + ", context=" + contextTokens + ", maxExampleTokens=" + maxExampleTokens
            + ", tokenizer=" + tokenizer + ", methods=" + methods + ", prices=" + prices
            + priceDate.map(d -> " as of " + d).orElse("")
            + shutdownDate.map(d -> ", shutdown=" + d).orElse("") + '}';
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
            return new TrainableModel(id, contextTokens, maxExampleTokens, tokenizer, methods, prices, Optional.ofNullable(priceDate), ranges, Optional.ofNullable(shutdownDate));
        }
    }
}
