/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.pricing;

import com.slabstak.slabml.InvalidInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What dataset checks and cost estimates need to know about each fine-tunable base model: its
 * token encoding, its per-example context limit and its training price per 1M tokens, with the
 * date the prices were last checked. Immutable; callers override entries through
 * {@link #toBuilder()}.
 *
 * <p>Fine-tuned model names ({@code ft:gpt-4o-mini-2024-07-18:org:suffix:id}) resolve to their
 * base model. Unknown models fail with an {@link InvalidInputException} naming the known ones.
 *
 * {@code
 * ModelTable table = ModelTable.defaults().toBuilder()
 *     .put("gpt-4o-mini-2024-07-18", ModelTable.O200K_BASE, 65_536, new BigDecimal("3.50"))
 *     .priceDate(LocalDate.of(2027, 1, 1))
 *     .build();
 * }
 */
public final class ModelTable {
    /** The encoding of the gpt-4o, gpt-4.1 and o-series families. */
    public static final String O200K_BASE = "o200k_base";
    /** The encoding of the gpt-3.5 and gpt-4 families. */
    public static final String CL100K_BASE = "cl100k_base";

    /** When the default prices were last compared with the provider's published training prices. */
    public static final LocalDate DEFAULT_PRICE_DATE = LocalDate.of(2026, 11, 24);

    private static final ModelTable DEFAULTS = builder()
        .priceDate(DEFAULT_PRICE_DATE)
        .put("gpt-4o-mini-2024-07-18", O200K_BASE, 65_536, new BigDecimal("3.00"))
        .put("gpt-4o-mini", O200K_BASE, 65_536, new BigDecimal("3.00"))
        .put("gpt-4o-2024-08-06", O200K_BASE, 65_536, new BigDecimal("25.00"))
        .put("gpt-4o", O200K_BASE, 65_536, new BigDecimal("25.00"))
        .put("gpt-4.1-2025-04-14", O200K_BASE, 65_536, new BigDecimal("25.00"))
        .put("gpt-4.1", O200K_BASE, 65_536, new BigDecimal("25.00"))
        .put("gpt-4.1-mini-2025-04-14", O200K_BASE, 65_536, new BigDecimal("5.00"))
        .put("gpt-4.1-mini", O200K_BASE, 65_536, new BigDecimal("5.00"))
        .put("gpt-4.1-nano-2025-04-14", O200K_BASE, 65_536, new BigDecimal("1.50"))
        .put("gpt-4.1-nano", O200K_BASE, 65_536, new BigDecimal("1.50"))
        .put("gpt-3.5-turbo-0125", CL100K_BASE, 16_385, new BigDecimal("8.00"))
        .put("gpt-3.5-turbo", CL100K_BASE, 16_385, new BigDecimal("8.00"))
        .build();

    private final Map<String, Model> models;
    private final LocalDate priceDate;

    private ModelTable(Builder b) {
        this.models = Collections.unmodifiableMap(new LinkedHashMap<>(b.models));
        this.priceDate = Objects.requireNonNull(b.priceDate, "priceDate");
    }

    /** Returns the built-in table (prices as of {@link #DEFAULT_PRICE_DATE}). */
    public static ModelTable defaults() {
        return DEFAULTS;
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this table. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.models.putAll(models);
        b.priceDate = priceDate;
        return b;
    }

    /** When the prices were last checked. */
    public LocalDate priceDate() {
        return priceDate;
    }

    /** Every model, by name, in the order added. */
    public Map<String, Model> models() {
        return models;
    }

    /** Returns the entry of a model (a fine-tuned name resolves to its base), if known. */
    public Optional<Model> find(String model) {
        Objects.requireNonNull(model, "model");
        Model m = models.get(model);
        if (m == null && model.startsWith("ft:")) {
            int end = model.indexOf(':', 3);
            m = models.get(end < 0 ? model.substring(3) : model.substring(3, end));
        }
        return Optional.ofNullable(m);
    }

    /**
     * Returns the entry of a model.
     *
     * @throws InvalidInputException naming {@code model} and listing the known models
     */
    public Model require(String model) {
        return find(model).orElseThrow(() -> new InvalidInputException("model",
            "unknown model '" + model + "'; known models: " + String.join(", ", models.keySet())));
    }

    @Override
    public String toString() {
        return "ModelTable{priceDate=" + priceDate + ", models=" + models.keySet() + '}';
    }

    /**
     * One model: its name, token encoding ({@link #O200K_BASE} or {@link #CL100K_BASE}), the most
     * tokens one training example may have, and the training price in USD per 1M tokens.
     */
    public record Model(String name, String encoding, int contextLimit, BigDecimal trainingPricePerMillion) {
        public Model {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(trainingPricePerMillion, "trainingPricePerMillion");
            if (!encoding.equals(O200K_BASE) && !encoding.equals(CL100K_BASE)) {
                throw new InvalidInputException("encoding", "must be o200k_base or cl100k_base, was " + encoding);
            }
            if (contextLimit <= 0) {
                throw new InvalidInputException("context_limit", "must be positive, was " + contextLimit);
            }
            if (trainingPricePerMillion.signum() < 0) {
                throw new InvalidInputException("price", "must not be negative, was " + trainingPricePerMillion);
            }
        }
    }

    /** Builds {@link ModelTable} values. */
    public static final class Builder {
        private final Map<String, Model> models = new LinkedHashMap<>();
        private LocalDate priceDate = DEFAULT_PRICE_DATE;

        private Builder() {
        }

        /** Adds or replaces a model. */
        public Builder put(String name, String encoding, int contextLimit, BigDecimal trainingPricePerMillion) {
            Model m = new Model(name, encoding, contextLimit, trainingPricePerMillion);
            models.put(name, m);
            return this;
        }

        /** Sets when the prices were last checked. */
        public Builder priceDate(LocalDate priceDate) {
            this.priceDate = Objects.requireNonNull(priceDate, "priceDate");
            return this;
        }

        public ModelTable build() {
            return new ModelTable(this);
        }
    }
}
