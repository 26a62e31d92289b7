/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.InvalidInputException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The list price of serving a model, in USD per 1M input and output tokens.
 *
 * <pre>{@code
 * InferencePrice p = new InferencePrice(new BigDecimal("0.15"), new BigDecimal("0.60"));
 * }</pre>
 *
 * @param inputPerMillion  USD per 1M prompt tokens
 * @param outputPerMillion USD per 1M completion tokens
 * @since 0.2
 */
public record InferencePrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    /**
     * Checks the prices.
     *
     * @throws InvalidInputException if either is negative
     * @param inputPerMillion  USD per 1M prompt tokens
     * @param outputPerMillion USD per 1M completion tokens
     */
    public InferencePrice {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
            throw new InvalidInputException("price", "must not be negative, was " + inputPerMillion + "/" + outputPerMillion);
        }
    }
}
