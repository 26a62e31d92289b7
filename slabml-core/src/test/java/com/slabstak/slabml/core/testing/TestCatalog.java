/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.testing;

import com.slabstak.slabml.spi.DatasetLimits;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ParameterRange;
import com.slabstak.slabml.spi.TokenizerSpec;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.TrainingMethod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/** A provider-like catalogue for core tests: the figures OpenAI publishes, named as it names them. */
public final class TestCatalog {
    public static final LocalDate PRICE_DATE = LocalDate.of(2026, 11, 24);
    public static final String MINI = "gpt-4o-mini-2024-07-18";
    public static final int MIN_EXAMPLES = 10;
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    /** OpenAI's list prices, as its catalogue states them. */
    public static final String LIST_PRICES = "gpt-4o-mini=0.15/0.60,ft:gpt-4o-mini=0.30/1.20,gpt-4o=2.50/10.00,"
        + "ft:gpt-4o=3.75/15.00,gpt-4.1=2.00/8.00,ft:gpt-4.1=3.00/12.00,gpt-4.1-mini=0.40/1.60,ft:gpt-4.1-mini=0.80/3.20,"
        + "gpt-4.1-nano=0.10/0.40,ft:gpt-4.1-nano=0.20/0.80,gpt-3.5-turbo=0.50/1.50,ft:gpt-3.5-turbo=3.00/6.00";

    private TestCatalog() {
    }

    /** The catalogue, default model {@link #MINI}. */
    public static ModelCatalog create() {
        return builder().build();
    }

    /** A builder of the catalogue, to change entries or limits. */
    public static ModelCatalog.Builder builder() {
        ModelCatalog.Builder b = ModelCatalog.builder("test")
            .limits(new DatasetLimits(MIN_EXAMPLES, MAX_FILE_BYTES))
            .maxJobMetadata(16)
            // OpenAI's rule for auto epochs, as its catalogue states it
            .autoEpochs(n -> 3L * n < 100 ? Math.min(25, 100 / n) : 3L * n > 25_000 ? Math.max(1, 25_000 / n) : 3)
            .baseModelOf(id -> id.startsWith("ft:") ? Optional.of(id.substring(3, id.indexOf(':', 3) < 0
                ? id.length() : id.indexOf(':', 3))) : Optional.empty());
        b.add(model(MINI, "o200k_base", 65_536, "3.00"));
        b.add(model("gpt-4o-mini", "o200k_base", 65_536, "3.00"));
        b.add(model("gpt-4o-2024-08-06", "o200k_base", 65_536, "25.00"));
        b.add(model("gpt-4.1-2025-04-14", "o200k_base", 65_536, "25.00"));
        b.add(model("gpt-3.5-turbo-0125", "cl100k_base", 16_385, "8.00"));
        b.add(model("gpt-3.5-turbo", "cl100k_base", 16_385, "8.00"));
        return b.defaultModel(MINI);
    }

    /** A configuration whose default base model is {@link #MINI} and list prices OpenAI's, as its catalogue would set them. */
    public static com.slabstak.slabml.SlabMlConfig config() {
        return config(java.util.Map.of());
    }

    /** {@code values} plus the default base model {@link #MINI} unless they set one. */
    public static com.slabstak.slabml.SlabMlConfig config(java.util.Map<String, String> values) {
        java.util.Map<String, String> m = new java.util.HashMap<>(values);
        m.putIfAbsent("slabml.fine_tuning.base_model", MINI);
        m.putIfAbsent("slabml.inference.list_prices", LIST_PRICES);
        return com.slabstak.slabml.SlabMlConfig.of(m);
    }

    /** One model with OpenAI-like ranges. */
    public static TrainableModel model(String id, String encoding, int exampleLimit, String price) {
        TrainableModel.Builder m = TrainableModel.builder(id).contextTokens(Math.max(exampleLimit, 16_385))
            .maxExampleTokens(exampleLimit)
            .tokenizer(TokenizerSpec.tiktoken(encoding))
            .price(TrainingMethod.SUPERVISED, new BigDecimal(price)).priceDate(PRICE_DATE)
            .range(ParameterRange.of(ParameterRange.EPOCHS, 1, 50))
            .range(ParameterRange.of(ParameterRange.BATCH_SIZE, 1, 256));
        if (id.startsWith(PREFERENCE_MODEL)) {
            m.price(TrainingMethod.PREFERENCE, new BigDecimal(price)).range(ParameterRange.above(ParameterRange.BETA, 0, 2));
        }
        return m.build();
    }

    /** The one model of the catalogue that trains with preference pairs. */
    public static final String PREFERENCE_MODEL = "gpt-4.1-2025-04-14";
}
