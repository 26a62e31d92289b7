/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Inference prices in US dollars per million tokens (input / output), for the cost column of the
 * monthly analysis. The built-in table is OpenAI's published list price as of 2025 (base models
 * and their fine-tuned variants); prices change, so each model's price can be set with
 * {@code slabml.evaluation.price.<model>=<input>/<output>}, for example
 * {@code slabml.evaluation.price.ft:gpt-4o-mini-2024-07-18=0.30/1.20}. A fine-tuned model
 * {@code ft:<base>:org:suffix:id} is priced as {@code ft:<base>} unless set itself.
 *
 * {@code double usd = InferencePrices.create(config).cost("gpt-4o-mini-2024-07-18", 1_000_000, 0).orElse(0);}
 */
public final class InferencePrices {
    /** Prefix of the per-model price keys. */
    public static final String PRICE_KEY_PREFIX = "slabml.evaluation.price.";
    /** The date the built-in table was checked. */
    public static final String TABLE_DATE = "2025-06";
    private static final Map<String, double[]> TABLE = Map.ofEntries(
        Map.entry("gpt-4o-mini-2024-07-18", new double[] {0.15, 0.60}),
        Map.entry("ft:gpt-4o-mini-2024-07-18", new double[] {0.30, 1.20}),
        Map.entry("gpt-4o-2024-08-06", new double[] {2.50, 10.00}),
        Map.entry("ft:gpt-4o-2024-08-06", new double[] {3.75, 15.00}),
        Map.entry("gpt-4.1-2025-04-14", new double[] {2.00, 8.00}),
        Map.entry("ft:gpt-4.1-2025-04-14", new double[] {3.00, 12.00}),
        Map.entry("gpt-4.1-mini-2025-04-14", new double[] {0.40, 1.60}),
        Map.entry("ft:gpt-4.1-mini-2025-04-14", new double[] {0.80, 3.20}),
        Map.entry("gpt-4.1-nano-2025-04-14", new double[] {0.10, 0.40}),
        Map.entry("ft:gpt-4.1-nano-2025-04-14", new double[] {0.20, 0.80}),
        Map.entry("gpt-3.5-turbo-0125", new double[] {0.50, 1.50}),
        Map.entry("ft:gpt-3.5-turbo-0125", new double[] {3.00, 6.00}));

    private final SlabMlConfig config;

    private InferencePrices(SlabMlConfig config) {
        this.config = config;
    }

    /** Returns the built-in table with overrides from {@code config}. */
    public static InferencePrices create(SlabMlConfig config) {
        return new InferencePrices(Objects.requireNonNull(config, "config"));
    }

    /** Returns {@code {input, output}} dollars per million tokens for a model, when known. */
    public Optional<double[]> price(String model) {
        Objects.requireNonNull(model, "model");
        Optional<double[]> own = configured(model);
        if (own.isPresent()) {
            return own;
        }
        if (TABLE.containsKey(model)) {
            return Optional.of(TABLE.get(model).clone());
        }
        if (model.startsWith("ft:")) {
            String[] parts = model.split(":");
            if (parts.length > 1) {
                String family = "ft:" + parts[1];
                Optional<double[]> f = configured(family);
                return f.isPresent() ? f : Optional.ofNullable(TABLE.get(family)).map(double[]::clone);
            }
        }
        return Optional.empty();
    }

    /** Returns the dollar cost of the given tokens on {@code model}, when its price is known. */
    public Optional<Double> cost(String model, long promptTokens, long completionTokens) {
        return price(model).map(p -> (promptTokens * p[0] + completionTokens * p[1]) / 1_000_000.0);
    }

    private Optional<double[]> configured(String model) {
        String key = PRICE_KEY_PREFIX + model;
        Optional<String> v = config.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = v.get().trim().split("/");
        try {
            if (parts.length == 2) {
                double in = Double.parseDouble(parts[0].trim());
                double out = Double.parseDouble(parts[1].trim());
                if (in >= 0 && out >= 0) {
                    return Optional.of(new double[] {in, out});
                }
            }
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + ": expected <input>/<output> dollars per million tokens, was '"
                + v.get() + "'", e);
        }
        throw new ConfigurationException(String.format(Locale.ROOT,
            "%s: expected <input>/<output> dollars per million tokens, was '%s'", key, v.get()));
    }
}
