/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.InvalidInputException;
import java.util.Locale;
import java.util.Objects;

/**
 * How a model is trained: {@link #SUPERVISED} (chat examples) or {@link #PREFERENCE} (pairs of a
 * preferred and a non-preferred answer, trained with direct preference optimisation). An open
 * value: a provider may name another method, which the core carries but does not export for.
 *
 * <pre>{@code
 * TrainingMethod m = TrainingMethod.of("dpo");   // PREFERENCE
 * }</pre>
 *
 * @param id the lower-case name, such as {@code supervised} or {@code preference}
 * @since 0.2
 */
public record TrainingMethod(String id) {
    /** Supervised fine-tuning on chat examples. */
    public static final TrainingMethod SUPERVISED = new TrainingMethod("supervised");
    /** Preference fine-tuning (DPO) on preferred / non-preferred pairs. */
    public static final TrainingMethod PREFERENCE = new TrainingMethod("preference");

    /**
     * Checks the name.
     *
     * @throws InvalidInputException if {@code id} is blank or not lower-case letters, digits, {@code _} or {@code -}
     * @param id the lower-case name, such as {@code supervised} or {@code preference}
     */
    public TrainingMethod {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z][a-z0-9_-]*")) {
            throw new InvalidInputException("method", "must be a lower-case name such as supervised or preference, was '" + id + "'");
        }
    }

    /**
     * Parses a method name; {@code sft} means {@link #SUPERVISED}, {@code dpo} means {@link #PREFERENCE}.
     *
     * @param name the name, case-insensitive
     * @return the method
     * @throws InvalidInputException if the name is malformed
     */
    public static TrainingMethod of(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "sft": case "supervised":
                return SUPERVISED;
            case "dpo": case "preference":
                return PREFERENCE;
            default:
                return new TrainingMethod(n);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
