/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.catalog;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.TokenizerSpec;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.TrainingMethod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds the models a host declares in configuration to a provider's catalogue, or changes the
 * entries it lists, without code. {@code slabml.models} lists the model ids (comma-separated);
 * each id's entry is read from {@code slabml.models.<id>.*}:
 *
 * <ul>
 *   <li>{@code context_tokens} (required for a model the provider does not list),
 *       {@code max_example_tokens} (default: the context);</li>
 *   <li>{@code tokenizer}: {@code tiktoken:<encoding>}, {@code huggingface:<path to tokenizer.json>}
 *       or {@code estimate};</li>
 *   <li>{@code price} (USD per 1M supervised training tokens), {@code preference_price},
 *       {@code price_date} ({@code YYYY-MM-DD}, required with a price);</li>
 *   <li>{@code methods} ({@code supervised,preference}), {@code shutdown_date}.</li>
 * </ul>
 *
 * <p>{@code slabml.fine_tuning.base_model} names the model trained, exported for and priced when
 * none is given. Every problem is reported at once. Internal.
 *
 * {@code ModelCatalog c = DeclaredModels.apply(provider.catalog(config), config);}
 */
public final class DeclaredModels {
    /** The comma-separated ids of the declared models. */
    public static final String MODELS = "slabml.models";
    /** The model trained when none is given. */
    public static final String BASE_MODEL = "slabml.fine_tuning.base_model";

    private DeclaredModels() {
    }

    /**
     * Returns the catalogue with the declared models added or changed.
     *
     * @param provided the provider's catalogue
     * @param config   the configuration
     * @return the merged catalogue
     * @throws ConfigurationException naming every bad key
     */
    public static ModelCatalog apply(ModelCatalog provided, SlabMlConfig config) {
        Objects.requireNonNull(provided, "provided");
        Objects.requireNonNull(config, "config");
        List<String> problems = new ArrayList<>();
        ModelCatalog.Builder b = provided.toBuilder();
        for (String raw : config.get(MODELS, "").split(",")) {
            String id = raw.strip();
            if (!id.isEmpty()) {
                declare(id, provided, config, problems).ifPresent(b::add);
            }
        }
        Optional<String> base = config.get(BASE_MODEL).map(String::strip).filter(s -> !s.isEmpty());
        base.ifPresent(b::defaultModel);
        if (problems.isEmpty()) {
            try {
                return b.build();
            } catch (SlabMlException e) {
                problems.add(BASE_MODEL + ": " + e.getMessage());
            }
        }
        throw new ConfigurationException("invalid model declarations (" + problems.size() + " problem"
            + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
    }

    private static Optional<TrainableModel> declare(String id, ModelCatalog provided, SlabMlConfig config,
                                                    List<String> problems) {
        String prefix = MODELS + "." + id + ".";
        int before = problems.size();
        Optional<TrainableModel> listed = provided.find(id).filter(m -> m.id().equals(id));
        TrainableModel.Builder m = listed.map(TrainableModel::toBuilder).orElseGet(() -> TrainableModel.builder(id));
        Optional<Integer> context = integer(config, prefix + "context_tokens", problems);
        if (context.isEmpty() && listed.isEmpty() && problems.size() == before) {
            problems.add(prefix + "context_tokens: required for a model the provider does not list");
        }
        context.ifPresent(m::contextTokens);
        integer(config, prefix + "max_example_tokens", problems).ifPresent(m::maxExampleTokens);
        if (context.isPresent() && config.get(prefix + "max_example_tokens").isEmpty()) {
            m.maxExampleTokens(listed.map(TrainableModel::maxExampleTokens)
                .filter(limit -> limit <= context.get()).orElse(context.get()));
        }
        config.get(prefix + "tokenizer").ifPresent(t -> {
            try {
                m.tokenizer(TokenizerSpec.parse(t));
            } catch (SlabMlException e) {
                problems.add(prefix + "tokenizer: " + e.getMessage());
            }
        });
        price(config, prefix + "price", problems).ifPresent(p -> m.price(TrainingMethod.SUPERVISED, p));
        price(config, prefix + "preference_price", problems).ifPresent(p -> m.price(TrainingMethod.PREFERENCE, p));
        date(config, prefix + "price_date", problems).ifPresent(m::priceDate);
        boolean priced = config.get(prefix + "price").isPresent() || config.get(prefix + "preference_price").isPresent();
        if (priced && config.get(prefix + "price_date").isEmpty()) {
            problems.add(prefix + "price_date: required with a price, the day it was checked (YYYY-MM-DD)");
        }
        date(config, prefix + "shutdown_date", problems).ifPresent(m::shutdownDate);
        config.get(prefix + "methods").ifPresent(list -> {
            for (String method : list.split(",")) {
                if (!method.isBlank()) {
                    try {
                        m.addMethod(TrainingMethod.of(method));
                    } catch (SlabMlException e) {
                        problems.add(prefix + "methods: " + e.getMessage());
                    }
                }
            }
        });
        if (problems.size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(m.build());
        } catch (SlabMlException e) {
            problems.add(prefix + "*: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Integer> integer(SlabMlConfig config, String key, List<String> problems) {
        Optional<String> v = config.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v.get().strip().replace("_", ""));
            if (n > 0) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + ": expected a positive integer, was '" + v.get() + "'");
        return Optional.empty();
    }

    private static Optional<BigDecimal> price(SlabMlConfig config, String key, List<String> problems) {
        Optional<String> v = config.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            BigDecimal p = new BigDecimal(v.get().strip());
            if (p.signum() >= 0) {
                return Optional.of(p);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + ": expected a price in USD per 1M tokens, 0 or more, was '" + v.get() + "'");
        return Optional.empty();
    }

    private static Optional<LocalDate> date(SlabMlConfig config, String key, List<String> problems) {
        Optional<String> v = config.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(v.get().strip()));
        } catch (DateTimeParseException e) {
            problems.add(key + ": expected a date such as 2027-01-14, was '" + v.get() + "'");
            return Optional.empty();
        }
    }
}
