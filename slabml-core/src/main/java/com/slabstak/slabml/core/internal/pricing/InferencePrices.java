/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.pricing;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Inference prices in US dollars per million tokens (input / output), for the cost column of the
 * monthly analysis, matched by the longest model-id prefix (a fine-tuned model's id starts with
 * the prefix its provider prices it by). The list prices come from the fine-tuning provider's
 * catalogue ({@link com.slabstak.slabml.spi.ModelCatalog#inferencePrices()}), which the entry point
 * writes to {@value #LIST_PRICES_KEY}. Prices change: override or extend them with
 * {@code slabml.inference.prices}, a comma-separated list of {@code <model prefix>=<input>/<output>}
 * (the same key the model manager reads), for example {@code my-model=0.15/0.60}.
 *
 * {@code double usd = InferencePrices.create(config).cost("my-model-2025", 1_000_000, 0).orElse(0.0);}
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
public final class InferencePrices {
    /** The configuration key of price overrides. */
    public static final String CONFIG_KEY = "slabml.inference.prices";
    /** The key of the provider's list prices, in the same format; host overrides win over them. */
    public static final String LIST_PRICES_KEY = "slabml.inference.list_prices";

    private final Map<String, double[]> byPrefix;

    private InferencePrices(Map<String, double[]> byPrefix) {
        this.byPrefix = byPrefix;
    }

    /** Returns the provider's list prices with the overrides of {@code slabml.inference.prices}. */
    public static InferencePrices create(SlabMlConfig config) {
        Objects.requireNonNull(config, "config");
        Map<String, double[]> table = new LinkedHashMap<>();
        parse(config, LIST_PRICES_KEY, table);
        parse(config, CONFIG_KEY, table);
        return new InferencePrices(table);
    }

    /**
     * Writes prices as {@code <prefix>=<input>/<output>,...}, the format of {@value #CONFIG_KEY}.
     *
     * @param prices by model-id prefix
     * @return the text
     */
    public static String format(Map<String, com.slabstak.slabml.spi.InferencePrice> prices) {
        StringBuilder sb = new StringBuilder();
        prices.forEach((prefix, p) -> sb.append(sb.length() == 0 ? "" : ",").append(prefix).append('=')
            .append(p.inputPerMillion().toPlainString()).append('/').append(p.outputPerMillion().toPlainString()));
        return sb.toString();
    }

    private static void parse(SlabMlConfig config, String key, Map<String, double[]> table) {
        Optional<String> overrides = config.get(key);
        if (overrides.isPresent() && !overrides.get().isBlank()) {
            for (String entry : overrides.get().split(",")) {
                String e = entry.trim();
                int eq = e.lastIndexOf('=');
                int slash = e.indexOf('/', eq + 1);
                if (eq <= 0 || slash < 0) {
                    throw new ConfigurationException(key
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
                    throw new ConfigurationException(key + ": prices must be non-negative numbers, was '" + e + "'", ex);
                }
            }
        }
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
