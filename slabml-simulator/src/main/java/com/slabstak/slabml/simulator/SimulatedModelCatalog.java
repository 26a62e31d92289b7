/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.spi.DatasetLimits;
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
 * The catalogue of the simulated provider: the base models of {@link SimulatedFineTuningBackend}
 * ({@link SimulatedFineTuningBackend#DEFAULT_BASE_MODELS}) with OpenAI-like limits, tokenizers and
 * prices, so datasets can be exported, validated and priced against the simulated backends as against a real
 * provider. Preference training is offered on the gpt-4.1 models.
 *
 * <pre>{@code
 * SlabMl ml = SlabMl.builder().fineTuningBackend(simulated).modelCatalog(SimulatedModelCatalog.create()).build();
 * }</pre>
 *
 * @since 0.2
 */
public final class SimulatedModelCatalog {
    /** The date of the simulated prices. */
    public static final LocalDate PRICE_DATE = LocalDate.of(2026, 11, 24);
    /** The model trained when none is named. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini-2024-07-18";

    private static final Map<String, String> PRICES = Map.of(
        "gpt-4o-mini-2024-07-18", "3.00", "gpt-4o-2024-08-06", "25.00", "gpt-4.1-2025-04-14", "25.00",
        "gpt-4.1-mini-2025-04-14", "5.00", "gpt-4.1-nano-2025-04-14", "1.50", "gpt-3.5-turbo-0125", "8.00");

    private SimulatedModelCatalog() {
    }

    /**
     * Returns the catalogue.
     *
     * @return the catalogue of the simulated backend's default base models
     */
    public static ModelCatalog create() {
        ModelCatalog.Builder b = ModelCatalog.builder(SimulatedFineTuningBackendProvider.NAME)
            .limits(new DatasetLimits(SimulatedFineTuningBackend.MIN_EXAMPLES, 512L * 1024 * 1024))
            .defaultModel(DEFAULT_MODEL)
            .baseModelOf(SimulatedModelCatalog::baseOf);
        SimulatedFineTuningBackend.DEFAULT_BASE_MODELS.forEach((id, shutdown) -> {
            boolean old = id.startsWith("gpt-3.5");
            BigDecimal price = new BigDecimal(PRICES.getOrDefault(id, "3.00"));
            TrainableModel.Builder m = TrainableModel.builder(id)
                .contextTokens(old ? 16_385 : 128_000)
                .maxExampleTokens(old ? 16_385 : 65_536)
                .tokenizer(TokenizerSpec.tiktoken(old ? "cl100k_base" : "o200k_base"))
                .price(TrainingMethod.SUPERVISED, price)
                .priceDate(PRICE_DATE)
                .range(ParameterRange.of(ParameterRange.EPOCHS, 1, 50))
                .range(ParameterRange.of(ParameterRange.BATCH_SIZE, 1, 256))
                .range(ParameterRange.above(ParameterRange.LEARNING_RATE_MULTIPLIER, 0, Double.MAX_VALUE))
                .shutdownDate(shutdown);
            if (id.startsWith("gpt-4.1")) {
                m.price(TrainingMethod.PREFERENCE, price).range(ParameterRange.above(ParameterRange.BETA, 0, 2));
            }
            b.add(m.build());
        });
        return b.build();
    }

    private static Optional<String> baseOf(String id) {
        if (!id.startsWith("ft:")) {
            return Optional.empty();
        }
        int end = id.indexOf(':', 3);
        return Optional.of(end < 0 ? id.substring(3) : id.substring(3, end));
    }
}
