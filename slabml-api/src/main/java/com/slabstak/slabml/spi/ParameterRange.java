/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.InvalidInputException;
import java.util.Objects;

/**
 * The values a provider accepts for one hyperparameter, both ends included.
 *
 * <pre>{@code
 * ParameterRange epochs = ParameterRange.of(ParameterRange.EPOCHS, 1, 50);
 * epochs.check(3);   // passes; 0 throws InvalidInputException naming n_epochs
 * }</pre>
 *
 * @param name the hyperparameter, such as {@link #EPOCHS}
 * @param min  the smallest value accepted
 * @param max  the largest value accepted
 * @param minExclusive whether {@code min} itself is refused (a rate must be above 0)
 * @since 0.2
 */
public record ParameterRange(String name, double min, double max, boolean minExclusive) {
    /** Passes over the training file. */
    public static final String EPOCHS = "n_epochs";
    /** Examples per step. */
    public static final String BATCH_SIZE = "batch_size";
    /** Multiplier of the provider's learning rate. */
    public static final String LEARNING_RATE_MULTIPLIER = "learning_rate_multiplier";
    /** Absolute learning rate. */
    public static final String LEARNING_RATE = "learning_rate";
    /** How strongly preference training keeps to the base model. */
    public static final String BETA = "beta";

    /**
     * Checks the parts.
     *
     * @throws InvalidInputException if {@code min > max} or either is not a number
     * @param name the hyperparameter, such as {@link #EPOCHS}
     * @param min  the smallest value accepted
     * @param max  the largest value accepted
     * @param minExclusive whether {@code min} itself is refused (a rate must be above 0)
     */
    public ParameterRange {
        Objects.requireNonNull(name, "name");
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new InvalidInputException(name, "range must have min <= max, was " + min + ".." + max);
        }
    }

    /**
     * A range with both ends accepted.
     *
     * @param name the hyperparameter
     * @param min  the smallest value
     * @param max  the largest value
     * @return the range
     */
    public static ParameterRange of(String name, double min, double max) {
        return new ParameterRange(name, min, max, false);
    }

    /**
     * A range whose lower end is refused, such as a rate that must be above 0.
     *
     * @param name the hyperparameter
     * @param min  the bound values must exceed
     * @param max  the largest value
     * @return the range
     */
    public static ParameterRange above(String name, double min, double max) {
        return new ParameterRange(name, min, max, true);
    }

    /**
     * Whether a value lies in the range.
     *
     * @param value the value
     * @return {@code true} if accepted
     */
    public boolean contains(double value) {
        return (minExclusive ? value > min : value >= min) && value <= max;
    }

    /**
     * Checks a value.
     *
     * @param value the value
     * @throws InvalidInputException naming the hyperparameter, the value and the range
     */
    public void check(double value) {
        if (!contains(value)) {
            throw new InvalidInputException(name, "must be " + this + ", was " + format(value));
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return (minExclusive ? "above " + format(min) + " and at most " + format(max) : format(min) + "-" + format(max));
    }
}
