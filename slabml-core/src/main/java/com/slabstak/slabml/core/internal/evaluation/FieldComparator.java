/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import java.util.Objects;
import java.util.function.Function;

/**
 * Decides whether a predicted field value means the same as the true one. Values are plain JSON
 * values (strings, numbers, booleans); {@code null} means the field is absent.
 *
 * {@code FieldComparator years = FieldComparator.normalising(Normalizers::year);}
 */
@FunctionalInterface
interface FieldComparator {

    /** Returns whether {@code predicted} matches {@code truth}. */
    boolean matches(Object predicted, Object truth);

    /**
     * Returns a comparator that normalises both values to text and compares the results; absent
     * or blank values match only each other.
     */
    static FieldComparator normalising(Function<String, String> normalizer) {
        Objects.requireNonNull(normalizer, "normalizer");
        return (predicted, truth) -> {
            String p = Normalizers.asText(predicted);
            String t = Normalizers.asText(truth);
            if (p == null || t == null) {
                return p == null && t == null;
            }
            return normalizer.apply(p).equals(normalizer.apply(t));
        };
    }
}
