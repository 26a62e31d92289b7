/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Inference prices in US dollars per million tokens (input / output), for the cost column of the
 * monthly analysis, matched by the longest model-id prefix: a fine-tuned model
 * {@code ft:gpt-4o-mini-2024-07-18:org:suffix:id} matches {@code ft:gpt-4o-mini}. The built-in
 * table is OpenAI's published list price as of {@value #TABLE_DATE}. Prices change: override or
 * extend them with {@code slabml.inference.prices}, a comma-separated list of
 * {@code <model prefix>=<input>/<output>} (the same key the model manager reads), for example
 * {@code gpt-4o-mini=0.15/0.60,ft:gpt-4o-mini=0.30/1.20}.
 *
 * {@code double usd = InferencePrices.create(config).cost("gpt-4o-mini-2024-07-18", 1_000_000, 0).orElse(0.0);}
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
public final class InferencePrices {
    /** The configuration key of price overrides. */
    public static final String CONFIG_KEY = "slabml.inference.prices";
    /** The date the built-in table was checked. */
    public static final String TABLE_DATE = "2025-06";

    private final Map<String, double[]> byPrefix;

    private InferencePrices(Map<String, double[]> byPrefix) {
        this.byPrefix = byPrefix;
    }

    /** Returns the built-in table with the overrides of {@code slabml.inference.prices}. */
    public static InferencePrices create(SlabMlConfig config) {
        Objects.requireNonNull(config, "config");
        Map<String, double[]> table = new LinkedHashMap<>();
        table.put("gpt-4o-mini", new double[] {0.15, 0.60});
        table.put("ft:gpt-4o-mini", new double[] {0.30, 1.20});
        table.put("gpt-4o", new double[] {2.50, 10.00});
        table.put("ft:gpt-4o", new double[] {3.75, 15.00});
        table.put("gpt-4.1", new double[] {2.00, 8.00});
        table.put("ft:gpt-4.1", new double[] {3.00, 12.00});
        table.put("gpt-4.1-mini", new double[] {0.40, 1.60});
        table.put("ft:gpt-4.1-mini", new double[] {0.80, 3.20});
        table.put("gpt-4.1-nano", new double[] {0.10, 0.40});
        table.put("ft:gpt-4.1-nano", new double[] {0.20, 0.80});
        table.put("gpt-3.5-turbo", new double[] {0.50, 1.50});
        table.put("ft:gpt-3.5-turbo", new double[] {3.00, 6.00});
        Optional<String> overrides = config.get(CONFIG_KEY);
        if (overrides.isPresent() && !overrides.get().isBlank()) {
            for (String entry : overrides.get().split(",")) {
                String e = entry.trim();
                int eq = e.lastIndexOf('=');
                int slash = e.indexOf('/', eq + 1);
                if (eq <= 0 || slash < 0) {
                    throw new ConfigurationException(CONFIG_KEY
                        + ": expected <model prefix>=<input>/<output> dollars per million tokens, was '" + e + "'");
                }
                try {
                    double in = Double.parseDouble(e.substring(eq + 1, slash).trim());
                    double out = Double.parseDouble(e.substring(slash + 1).trim());
                    if (!(in >= 0 && out >= 0)) {
                        throw new NumberFormatException("negative");
                    }
                    table.put(e.substring(0, eq).trim(), new double[] {in, out});
                } catch (NumberFormatException ex) {
                    throw new ConfigurationException(CONFIG_KEY + ": prices must be non-negative numbers, was '" + e + "'", ex);
                }
            }
        }
        return new InferencePrices(table);
    }

    /** Returns {@code {input, output}} dollars per million tokens for a model, by the longest matching prefix. */
    public Optional<double[]> price(String model) {
        Objects.requireNonNull(model, "model");
        String best = null;
        for (String prefix : byPrefix.keySet()) {
            if (model.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? Optional.empty() : Optional.of(byPrefix.get(best).clone());
    }

    /** Returns the dollar cost of the given tokens on {@code model}, when its price is known. */
    public Optional<Double> cost(String model, long promptTokens, long completionTokens) {
        return price(model).map(p -> (promptTokens * p[0] + completionTokens * p[1]) / 1_000_000.0);
    }
}
