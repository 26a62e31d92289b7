/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.core.internal.pricing.ModelTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Estimates what fine-tuning on a training file costs: exact tokens per example with the model's
 * encoding (chat overhead included), each example capped at the model's context limit, times the
 * epochs, times the training price of a dated, overridable {@link ModelTable}. Validation files
 * are not billed, so only the training file counts. Streams the file; thread-safe.
 *
 * <p>With {@code epochs == null} the epochs are the ones OpenAI picks for {@code auto}: 3, raised
 * to {@code min(25, 100 / n)} when {@code 3n < 100}, lowered to {@code max(1, 25000 / n)} when
 * {@code 3n > 25000} (integer division, {@code n} examples).
 *
 * {@code
 * CostEstimate e = new CostEstimator().estimate(Path.of("train.jsonl"), "gpt-4o-mini-2024-07-18", null);
 * System.out.println(e.epochs() + " epochs, $" + e.cost());
 * }
 */
public final class CostEstimator {
    static final int TARGET_EPOCHS = 3;
    static final int MIN_TARGET_EXAMPLES = 100;
    static final int MAX_TARGET_EXAMPLES = 25_000;
    static final int MIN_DEFAULT_EPOCHS = 1;
    static final int MAX_DEFAULT_EPOCHS = 25;
    /** The most epochs a job accepts. */
    static final int MAX_EPOCHS = 50;

    private final ModelTable table;
    private final DatasetValidator validator;

    /** An estimator with the built-in price table. */
    public CostEstimator() {
        this(ModelTable.defaults());
    }

    /** An estimator with the caller's price table. */
    public CostEstimator(ModelTable table) {
        this.table = Objects.requireNonNull(table, "table");
        this.validator = new DatasetValidator(table);
    }

    /** The table prices come from. */
    public ModelTable table() {
        return table;
    }

    /**
     * Estimates the training cost of {@code file} on {@code model}.
     *
     * @param epochsOrNullForAuto epochs (1-50), or {@code null} for the provider's automatic choice
     * @throws InvalidInputException for an unknown model (listing the known ones), epochs out of
     *     range, a missing file, or a file with no examples
     */
    public CostEstimate estimate(Path file, String model, Integer epochsOrNullForAuto) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(model, "model");
        ModelTable.Model m = table.require(model);
        if (epochsOrNullForAuto != null && (epochsOrNullForAuto < 1 || epochsOrNullForAuto > MAX_EPOCHS)) {
            throw new InvalidInputException("epochs", "must be between 1 and " + MAX_EPOCHS + ", was "
                + epochsOrNullForAuto);
        }
        DatasetValidator.Scan scan = validator.scan(file, model, false);
        TokenStats tokens = scan.tokens();
        if (tokens.examples() == 0) {
            throw new InvalidInputException("file", "no countable chat examples in " + file);
        }
        int n = (int) Math.min(Integer.MAX_VALUE, tokens.examples());
        int epochs = epochsOrNullForAuto != null ? epochsOrNullForAuto : autoEpochs(n);
        long billed = tokens.capped() * epochs;
        return CostEstimate.builder()
            .model(m.name())
            .examples(n)
            .trainingTokens(tokens.total())
            .billedTokensPerEpoch(tokens.capped())
            .epochs(epochs)
            .billedTokens(billed)
            .pricePerMillionTokens(m.trainingPricePerMillion())
            .cost(cost(billed, m.trainingPricePerMillion()))
            .priceDate(table.priceDate())
            .distribution(tokens.distribution())
            .examplesOverLimit(tokens.overLimit())
            .build();
    }

    /** The epochs OpenAI picks for {@code n_epochs: auto} on {@code n} training examples. */
    public static int autoEpochs(int n) {
        if (n <= 0) {
            throw new InvalidInputException("examples", "must be positive, was " + n);
        }
        long target = (long) n * TARGET_EPOCHS;
        if (target < MIN_TARGET_EXAMPLES) {
            return Math.min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES / n);
        }
        if (target > MAX_TARGET_EXAMPLES) {
            return Math.max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES / n);
        }
        return TARGET_EPOCHS;
    }

    /** The exact cost in USD of {@code billedTokens} at {@code pricePerMillion}. */
    static BigDecimal cost(long billedTokens, BigDecimal pricePerMillion) {
        BigDecimal v = pricePerMillion.multiply(BigDecimal.valueOf(billedTokens)).movePointLeft(6).stripTrailingZeros();
        return v.scale() < 2 ? v.setScale(2) : v;
    }
}
