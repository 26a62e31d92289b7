/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link FieldComparator} judges each field; fields without one use the fallback
 * (case-, accent- and spacing-insensitive text, numbers without trailing zeros). The defaults
 * compare card fields with {@link Normalizers}; the {@code rookie} and {@code autograph} flags
 * count an absent value as false. Immutable.
 *
 * {@code
 * FieldComparators comparators = FieldComparators.defaults().toBuilder()
 *     .put("set", FieldComparator.normalising(Normalizers::text))
 *     .build();
 * }
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
public final class FieldComparators {
    private static final FieldComparator FALLBACK = FieldComparator.normalising(Normalizers::numberOrText);
    private static final FieldComparators DEFAULTS = builder()
        .put("player", FieldComparator.normalising(Normalizers::playerName))
        .put("year", FieldComparator.normalising(Normalizers::year))
        .put("card_number", FieldComparator.normalising(Normalizers::cardNumber))
        .put("grade", FieldComparator.normalising(Normalizers::grade))
        .put("grading_company", FieldComparator.normalising(Normalizers::gradingCompany))
        .put("serial_number", FieldComparator.normalising(Normalizers::cardNumber))
        .put("cert_number", FieldComparator.normalising(Normalizers::cardNumber))
        .put("rookie", FieldComparators::sameFlag)
        .put("autograph", FieldComparators::sameFlag)
        .build();

    private final Map<String, FieldComparator> byField;
    private final FieldComparator fallback;

    private FieldComparators(Builder b) {
        this.byField = Collections.unmodifiableMap(new LinkedHashMap<>(b.byField));
        this.fallback = b.fallback;
    }

    /** Flags compare as true/false, an absent flag counting as false. */
    private static boolean sameFlag(Object predicted, Object truth) {
        String p = Normalizers.asText(predicted);
        String t = Normalizers.asText(truth);
        return Normalizers.flag(p == null ? "false" : p).equals(Normalizers.flag(t == null ? "false" : t));
    }

    /** The card-field comparators SlabML uses unless told otherwise. */
    public static FieldComparators defaults() {
        return DEFAULTS;
    }

    /** An empty registry with the text fallback. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this registry. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.byField.putAll(byField);
        b.fallback = fallback;
        return b;
    }

    /** Returns the comparator for {@code field}. */
    public FieldComparator forField(String field) {
        return byField.getOrDefault(Objects.requireNonNull(field, "field"), fallback);
    }

    /** Returns whether {@code predicted} matches {@code truth} for {@code field}. */
    public boolean matches(String field, Object predicted, Object truth) {
        return forField(field).matches(predicted, truth);
    }

    /** Builds {@link FieldComparators}. */
    public static final class Builder {
        private final Map<String, FieldComparator> byField = new LinkedHashMap<>();
        private FieldComparator fallback = FALLBACK;

        private Builder() {
        }

        /** Sets the comparator of one field. */
        public Builder put(String field, FieldComparator comparator) {
            byField.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(comparator, "comparator"));
            return this;
        }

        /** Sets the comparator of fields that have none of their own. */
        public Builder fallback(FieldComparator comparator) {
            this.fallback = Objects.requireNonNull(comparator, "comparator");
            return this;
        }

        public FieldComparators build() {
            return new FieldComparators(this);
        }
    }
}
