/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.CostEstimate;
import java.nio.file.Path;

/**
 * Estimates what training on a file costs; in production the cost estimator's {@code estimate}
 * method.
 *
 * {@code CostModel cost = new CostEstimator()::estimate;}
 */
@FunctionalInterface
public interface CostModel {
    /** Estimates the cost; {@code epochs} is {@code null} for the provider's automatic choice. */
    CostEstimate estimate(Path file, String model, Integer epochs);
}
