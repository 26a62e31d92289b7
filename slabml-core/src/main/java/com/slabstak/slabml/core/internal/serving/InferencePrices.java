/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TokenUsage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Inference prices in USD per million tokens, matched by the longest model-id prefix. A fine-tuned
 * id ({@code ft:<base>:<org>:<suffix>:<id>}) matches the {@code ft:<base>} entries.
 *
 * <p>Defaults, from OpenAI's published pricing as of {@value #AS_OF}: {@code gpt-4o-mini} input
 * $0.15, output $0.60; fine-tuned {@code ft:gpt-4o-mini} input $0.30, output $1.20. Prices change:
 * override or extend them with {@code slabml.inference.prices}, a comma-separated list of
 * {@code <model prefix>=<input>/<output>}, for example
 * {@code gpt-4o-mini=0.15/0.60,ft:gpt-4o-mini=0.30/1.20}. A model no entry matches has no price.
 */
final class InferencePrices {
    /** The date the default table was checked. */
    static final String AS_OF = "2026-11-24";
    static final String CONFIG_KEY = "slabml.inference.prices";
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    }

    private final Map<String, Price> byPrefix;

    private InferencePrices(Map<String, Price> byPrefix) {
        this.byPrefix = Map.copyOf(byPrefix);
    }

    /** Returns the default table with the overrides of {@code slabml.inference.prices}. */
    static InferencePrices from(SlabMlConfig config) {
        Map<String, Price> table = new LinkedHashMap<>();
        table.put("gpt-4o-mini", new Price(new BigDecimal("0.15"), new BigDecimal("0.60")));
        table.put("ft:gpt-4o-mini", new Price(new BigDecimal("0.30"), new BigDecimal("1.20")));
        Optional<String> overrides = config.get(CONFIG_KEY);
        if (overrides.isPresent() && !overrides.get().isBlank()) {
            for (String entry : overrides.get().split(",")) {
                String e = entry.trim();
                int eq = e.lastIndexOf('=');
                int slash = e.indexOf('/', eq + 1);
                if (eq <= 0 || slash < 0) {
                    throw new ConfigurationException(CONFIG_KEY + ": expected <model>=<input>/<output> per million tokens, was '" + e + "'");
                }
                try {
                    BigDecimal in = new BigDecimal(e.substring(eq + 1, slash).trim());
                    BigDecimal out = new BigDecimal(e.substring(slash + 1).trim());
                    if (in.signum() < 0 || out.signum() < 0) {
                        throw new NumberFormatException("negative");
                    }
                    table.put(e.substring(0, eq).trim(), new Price(in, out));
                } catch (NumberFormatException ex) {
                    throw new ConfigurationException(CONFIG_KEY + ": prices must be non-negative numbers, was '" + e + "'", ex);
                }
            }
        }
        return new InferencePrices(table);
    }

    /** Returns the price for a model, by the longest matching prefix. */
    Optional<Price> price(String model) {
        String best = null;
        for (String prefix : byPrefix.keySet()) {
            if (model.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return Optional.ofNullable(best == null ? null : byPrefix.get(best));
    }

    /** Returns the cost in USD of a call that used {@code usage}, or {@code null} when unpriced. */
    BigDecimal cost(String model, TokenUsage usage) {
        return price(model).map(p -> p.inputPerMillion().multiply(BigDecimal.valueOf(usage.promptTokens()))
                .add(p.outputPerMillion().multiply(BigDecimal.valueOf(usage.completionTokens())))
                .divide(MILLION, MathContext.DECIMAL64)
                .setScale(8, RoundingMode.HALF_UP)
                .stripTrailingZeros())
            .orElse(null);
    }
}
