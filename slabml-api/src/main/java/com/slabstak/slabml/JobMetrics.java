/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.OptionalDouble;

/**
 * Training metrics at one step. Absent values are {@code NaN} in the components and empty in the
 * {@code Optional} accessors.
 *
 * @since 0.1
 */
public record JobMetrics(
    long step,
    long totalSteps,
    double trainLoss,
    double validLoss,
    double fullValidLoss,
    double trainMeanTokenAccuracy,
    double validMeanTokenAccuracy) {

    /**
     * Returns the validation loss, when the job has a validation file.
     *
     * @return the validation loss, when the job has a validation file
     */
    public OptionalDouble validationLoss() {
        return Double.isNaN(validLoss) ? OptionalDouble.empty() : OptionalDouble.of(validLoss);
    }

    /**
     * Returns the training loss, when reported.
     *
     * @return the training loss, when reported
     */
    public OptionalDouble trainingLoss() {
        return Double.isNaN(trainLoss) ? OptionalDouble.empty() : OptionalDouble.of(trainLoss);
    }
}