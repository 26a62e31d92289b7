/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai.internal;

import com.slabstak.slabml.spi.DatasetLimits;
import com.slabstak.slabml.spi.InferencePrice;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ParameterRange;
import com.slabstak.slabml.spi.TokenizerSpec;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.TrainingMethod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * What OpenAI fine-tunes, from its API reference, pricing and deprecation pages: the models, their
 * tokenizers ({@code o200k_base} for the gpt-4o and gpt-4.1 families, {@code cl100k_base} for
 * gpt-3.5), the 65,536-token (16,385 for gpt-3.5) per-example limit, training prices per 1M tokens as
 * of {@link #PRICE_DATE}, DPO on the gpt-4.1 family only, the hyperparameter ranges of the API
 * spec, at least 10 examples, files up to 512 MB, the shutdown dates announced for 2026-2027 and
 * the day new jobs stop. Fine-tuned ids ({@code ft:<base>:<org>:<suffix>:<id>}) resolve to their
 * base. The per-token price of a DPO job is taken to be the supervised one. Internal.
 *
 * {@code ModelCatalog c = OpenAiModelCatalog.create();}
 */
public final class OpenAiModelCatalog {
    /** When the prices were last compared with OpenAI's published training prices. */
    public static final LocalDate PRICE_DATE = LocalDate.of(2026, 11, 24);
    /** The model trained, exported for and served when none is configured. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini-2024-07-18";
    /** Every organisation loses job creation on this day. */
    public static final LocalDate NEW_JOBS_END = LocalDate.of(2027, 1, 6);

    private static final String O200K = "o200k_base";
    private static final String CL100K = "cl100k_base";
    private static final int EXAMPLE_LIMIT = 65_536;
    private static final LocalDate SHUTDOWN_2027 = LocalDate.of(2027, 1, 14);
    private static final LocalDate SHUTDOWN_2026 = LocalDate.of(2026, 10, 23);

    private OpenAiModelCatalog() {
    }

    /**
     * The epochs OpenAI picks for {@code n_epochs: auto} on {@code n} training examples: 3, raised
     * so that epochs times examples reach 100 (at most 25 epochs), lowered so that they stay within
     * 25,000 (at least 1).
     *
     * @param n training examples, at least 1
     * @return the epochs
     */
    public static int autoEpochs(int n) {
        long target = (long) n * 3;
        if (target < 100) {
            return Math.min(25, 100 / n);
        }
        if (target > 25_000) {
            return Math.max(1, 25_000 / n);
        }
        return 3;
    }

    /** Returns the catalogue; needs no key and no network. */
    public static ModelCatalog create() {
        ModelCatalog.Builder b = ModelCatalog.builder("openai")
            .limits(new DatasetLimits(10, 512L * 1024 * 1024))
            .newJobsEnd(NEW_JOBS_END)
            .baseModelOf(OpenAiModelCatalog::baseOf)
            .autoEpochs(OpenAiModelCatalog::autoEpochs)
            .maxJobMetadata(16);
        model(b, "gpt-4o-mini-2024-07-18", O200K, 128_000, EXAMPLE_LIMIT, "3.00", false, SHUTDOWN_2027);
        model(b, "gpt-4o-mini", O200K, 128_000, EXAMPLE_LIMIT, "3.00", false, SHUTDOWN_2027);
        model(b, "gpt-4o-2024-08-06", O200K, 128_000, EXAMPLE_LIMIT, "25.00", false, null);
        model(b, "gpt-4o", O200K, 128_000, EXAMPLE_LIMIT, "25.00", false, null);
        model(b, "gpt-4.1-2025-04-14", O200K, 1_047_576, EXAMPLE_LIMIT, "25.00", true, SHUTDOWN_2027);
        model(b, "gpt-4.1", O200K, 1_047_576, EXAMPLE_LIMIT, "25.00", true, SHUTDOWN_2027);
        model(b, "gpt-4.1-mini-2025-04-14", O200K, 1_047_576, EXAMPLE_LIMIT, "5.00", true, SHUTDOWN_2027);
        model(b, "gpt-4.1-mini", O200K, 1_047_576, EXAMPLE_LIMIT, "5.00", true, SHUTDOWN_2027);
        model(b, "gpt-4.1-nano-2025-04-14", O200K, 1_047_576, EXAMPLE_LIMIT, "1.50", true, SHUTDOWN_2026);
        model(b, "gpt-4.1-nano", O200K, 1_047_576, EXAMPLE_LIMIT, "1.50", true, SHUTDOWN_2026);
        model(b, "gpt-3.5-turbo-0125", CL100K, 16_385, 16_385, "8.00", false, null);
        model(b, "gpt-3.5-turbo", CL100K, 16_385, 16_385, "8.00", false, null);
        for (Map.Entry<String, String[]> e : Map.of(
            "gpt-4o-mini", new String[] {"0.15", "0.60"}, "ft:gpt-4o-mini", new String[] {"0.30", "1.20"},
            "gpt-4o", new String[] {"2.50", "10.00"}, "ft:gpt-4o", new String[] {"3.75", "15.00"},
            "gpt-4.1", new String[] {"2.00", "8.00"}, "ft:gpt-4.1", new String[] {"3.00", "12.00"},
            "gpt-4.1-mini", new String[] {"0.40", "1.60"}, "ft:gpt-4.1-mini", new String[] {"0.80", "3.20"},
            "gpt-4.1-nano", new String[] {"0.10", "0.40"}, "ft:gpt-4.1-nano", new String[] {"0.20", "0.80"}).entrySet()) {
            b.putInferencePrice(e.getKey(), new InferencePrice(new BigDecimal(e.getValue()[0]), new BigDecimal(e.getValue()[1])));
        }
        b.putInferencePrice("gpt-3.5-turbo", new InferencePrice(new BigDecimal("0.50"), new BigDecimal("1.50")));
        b.putInferencePrice("ft:gpt-3.5-turbo", new InferencePrice(new BigDecimal("3.00"), new BigDecimal("6.00")));
        return b.defaultModel(DEFAULT_MODEL).build();
    }

    private static void model(ModelCatalog.Builder b, String id, String encoding, int context, int exampleLimit,
                              String price, boolean dpo, LocalDate shutdown) {
        TrainableModel.Builder m = TrainableModel.builder(id)
            .contextTokens(context)
            .maxExampleTokens(exampleLimit)
            .tokenizer(TokenizerSpec.tiktoken(encoding))
            .price(TrainingMethod.SUPERVISED, new BigDecimal(price))
            .priceDate(PRICE_DATE)
            .range(ParameterRange.of(ParameterRange.EPOCHS, 1, 50))
            .range(ParameterRange.of(ParameterRange.BATCH_SIZE, 1, 256))
            .range(ParameterRange.above(ParameterRange.LEARNING_RATE_MULTIPLIER, 0, Double.MAX_VALUE))
            .shutdownDate(shutdown);
        if (dpo) {
            m.price(TrainingMethod.PREFERENCE, new BigDecimal(price))
                .range(ParameterRange.above(ParameterRange.BETA, 0, 2));
        }
        b.add(m.build());
    }

    /** {@code ft:<base>:<org>:<suffix>:<id>} to {@code <base>}. */
    private static Optional<String> baseOf(String id) {
        if (!id.startsWith("ft:")) {
            return Optional.empty();
        }
        int end = id.indexOf(':', 3);
        return Optional.of(end < 0 ? id.substring(3) : id.substring(3, end));
    }

    /** The environment variables the seed and OpenAI's SDKs read, and the keys they set. */
    public static Map<String, String> environmentAliases() {
        return Map.of(
            "OPENAI_API_KEY", "slabml.openai.api_key",
            "OPENAI_BASE_URL", "slabml.openai.base_url",
            "OPENAI_ORG_ID", "slabml.openai.organization",
            "OPENAI_PROJECT_ID", "slabml.openai.project",
            "AZURE_OPENAI_ENDPOINT", "slabml.openai.azure.endpoint",
            "AZURE_OPENAI_API_KEY", "slabml.openai.azure.api_key",
            "OPENAI_API_VERSION", "slabml.openai.azure.api_version");
    }
}
