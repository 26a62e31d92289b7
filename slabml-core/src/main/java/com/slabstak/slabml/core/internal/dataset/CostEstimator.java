/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ParameterRange;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.TrainingMethod;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Estimates what fine-tuning on a training file costs: tokens per example with the model's
 * tokenizer (chat overhead included; exact where the tokenizer runs offline, estimated and labelled
 * so otherwise), each example capped at the model's per-example limit, times the epochs, times the
 * dated supervised training price of the provider's {@link ModelCatalog}. Validation files are not
 * billed, so only the training file counts. Streams the file; thread-safe.
 *
 * <p>With {@code epochs == null} the epochs are the ones the provider picks for {@code auto}, as
 * its catalogue states them ({@link ModelCatalog#autoEpochs(int)}).
 *
 * {@code
 * CostEstimate e = new CostEstimator(catalog).estimate(Path.of("train.jsonl"), "some-base-model", null);
 * System.out.println(e.epochs() + " epochs, $" + e.cost());
 * }
 */
public final class CostEstimator {

    private final ModelCatalog catalog;
    private final DatasetValidator validator;

    /** An estimator with the models and prices of a provider's catalogue. */
    public CostEstimator(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.validator = new DatasetValidator(catalog);
    }

    /** The catalogue prices come from. */
    public ModelCatalog catalog() {
        return catalog;
    }

    /**
     * Estimates the training cost of {@code file} on {@code model}.
     *
     * @param epochsOrNullForAuto epochs (at least 1, within the model's range), or {@code null} for the
     *     provider's automatic choice
     * @throws InvalidInputException for an unknown or unpriced model (listing the known ones), epochs
     *     out of range, a missing file, or a file with no examples
     */
    public CostEstimate estimate(Path file, String model, Integer epochsOrNullForAuto) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(model, "model");
        TrainableModel m = catalog.require(model);
        if (epochsOrNullForAuto != null) {
            ParameterRange range = m.range(ParameterRange.EPOCHS)
                .orElse(ParameterRange.of(ParameterRange.EPOCHS, 1, Integer.MAX_VALUE));
            if (!range.contains(epochsOrNullForAuto) || epochsOrNullForAuto < 1) {
                throw new InvalidInputException("epochs", "must be " + range + " for " + m.id() + ", was "
                    + epochsOrNullForAuto);
            }
        }
        BigDecimal price = m.price(TrainingMethod.SUPERVISED).orElseThrow(() -> new InvalidInputException("model",
            "no training price for '" + m.id() + "'; declare one with slabml.models." + m.id() + ".price and .price_date"));
        DatasetValidator.Scan scan = validator.scan(file, m, false);
        TokenStats tokens = scan.tokens();
        if (tokens.examples() == 0) {
            throw new InvalidInputException("file", "no countable chat examples in " + file);
        }
        int n = (int) Math.min(Integer.MAX_VALUE, tokens.examples());
        int epochs = epochsOrNullForAuto != null ? epochsOrNullForAuto : catalog.autoEpochs(n);
        long billed = tokens.capped() * epochs;
        return CostEstimate.builder()
            .model(m.id())
            .examples(n)
            .trainingTokens(tokens.total())
            .billedTokensPerEpoch(tokens.capped())
            .epochs(epochs)
            .billedTokens(billed)
            .pricePerMillionTokens(price)
            .cost(cost(billed, price))
            .priceDate(m.priceDate().orElseThrow())
            .distribution(tokens.distribution())
            .examplesOverLimit(tokens.overLimit())
            .tokensExact(scan.exactTokens())
            .build();
    }

    /** The exact cost in USD of {@code billedTokens} at {@code pricePerMillion}. */
    static BigDecimal cost(long billedTokens, BigDecimal pricePerMillion) {
        BigDecimal v = pricePerMillion.multiply(BigDecimal.valueOf(billedTokens)).movePointLeft(6).stripTrailingZeros();
        return v.scale() < 2 ? v.setScale(2) : v;
    }
}
