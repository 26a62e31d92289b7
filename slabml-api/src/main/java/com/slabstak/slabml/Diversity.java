/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What a dataset covers: samples per value of each dimension ({@value #SPORT}, {@value #YEAR},
 * {@value #BRAND}, {@value #GRADING_COMPANY}, {@value #PLATFORM}, {@value #TONE}; values
 * lower-cased, years as four digits, samples without the field not counted), the range of years,
 * and warnings when the data covers only one sport, year or brand. Immutable.
 *
 * <pre>{@code
 * Diversity d = ml.collector().stats().diversity();
 * long baseball = d.counts(Diversity.SPORT).getOrDefault("baseball", 0L);
 * d.warnings().forEach(System.out::println);
 * }</pre>
 *
 * @since 0.2
 */
public final class Diversity {
    /** Dimension: the card's sport. */
    public static final String SPORT = "sport";
    /** Dimension: the card's year (the first four-digit year of its year field). */
    public static final String YEAR = "year";
    /** Dimension: the card's brand. */
    public static final String BRAND = "brand";
    /** Dimension: the card's grading company. */
    public static final String GRADING_COMPANY = "grading_company";
    /** Dimension: the listing platform. */
    public static final String PLATFORM = "platform";
    /** Dimension: the listing tone. */
    public static final String TONE = "tone";
    /** The dimensions every value has, in this order. */
    public static final List<String> DIMENSIONS = List.of(SPORT, YEAR, BRAND, GRADING_COMPANY, PLATFORM, TONE);

    private static final Diversity EMPTY = new Diversity(Map.of(), List.of());

    private final Map<String, Map<String, Long>> counts;
    private final List<String> warnings;

    private Diversity(Map<String, ? extends Map<String, Long>> counts, List<String> warnings) {
        Map<String, Map<String, Long>> c = new LinkedHashMap<>();
        for (String d : DIMENSIONS) {
            c.put(d, Collections.emptyMap());
        }
        for (Map.Entry<String, ? extends Map<String, Long>> e : counts.entrySet()) {
            String dimension = Objects.requireNonNull(e.getKey(), "dimension");
            Map<String, Long> values = new TreeMap<>();
            for (Map.Entry<String, Long> v : Objects.requireNonNull(e.getValue(), dimension).entrySet()) {
                long n = Objects.requireNonNull(v.getValue(), dimension + "." + v.getKey());
                if (n < 0) {
                    throw new InvalidInputException("diversity." + dimension, "count must not be negative, was " + n);
                }
                values.put(Objects.requireNonNull(v.getKey(), dimension + " value"), n);
            }
            if (YEAR.equals(dimension)) {
                for (String year : values.keySet()) {
                    if (!year.matches("\\d{4}")) {
                        throw new InvalidInputException("diversity.year", "must be four digits, was '" + year + "'");
                    }
                }
            }
            c.put(dimension, Collections.unmodifiableMap(values));
        }
        this.counts = Collections.unmodifiableMap(c);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Returns a value from counts per dimension (dimensions not given are empty; other dimensions
     * are kept) and warnings.
     *
     * @throws InvalidInputException when a count is negative or a year is not four digits
     * @param counts the counts
     * @param warnings the warnings
     * @return a value from counts per dimension (dimensions not given are empty; other dimensions are kept) and warnings
     */
    public static Diversity of(Map<String, ? extends Map<String, Long>> counts, List<String> warnings) {
        return new Diversity(Objects.requireNonNull(counts, "counts"), Objects.requireNonNull(warnings, "warnings"));
    }

    /**
     * Returns the value of an empty dataset.
     *
     * @return the value of an empty dataset
     */
    public static Diversity empty() {
        return EMPTY;
    }

    /**
     * Samples per value, per dimension; every dimension of {@link #DIMENSIONS} is present.
     *
     * @return samples per value, per dimension; every dimension of {@link #DIMENSIONS} is present
     */
    public Map<String, Map<String, Long>> counts() {
        return counts;
    }

    /**
     * Samples per value of one dimension, empty when the dimension is unknown or has no value.
     *
     * @param dimension the dimension
     * @return samples per value of one dimension, empty when the dimension is unknown or has no value
     */
    public Map<String, Long> counts(String dimension) {
        return counts.getOrDefault(Objects.requireNonNull(dimension, "dimension"), Map.of());
    }

    /**
     * The earliest year seen.
     *
     * @return the earliest year seen
     */
    public OptionalInt minYear() {
        Map<String, Long> years = counts(YEAR);
        return years.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(new TreeMap<>(years).firstKey()));
    }

    /**
     * The latest year seen.
     *
     * @return the latest year seen
     */
    public OptionalInt maxYear() {
        Map<String, Long> years = counts(YEAR);
        return years.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(new TreeMap<>(years).lastKey()));
    }

    /**
     * The first and last year seen, as {@code 1986-2023}, if any sample has a year.
     *
     * @return the first and last year seen, as {@code 1986-2023}, if any sample has a year
     */
    public Optional<String> yearRange() {
        OptionalInt min = minYear();
        return min.isEmpty() ? Optional.empty() : Optional.of(min.getAsInt() + "-" + maxYear().getAsInt());
    }

    /**
     * Readable warnings, such as every sample having the same sport.
     *
     * @return readable warnings, such as every sample having the same sport
     */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Diversity)) {
            return false;
        }
        Diversity that = (Diversity) o;
        return counts.equals(that.counts) && warnings.equals(that.warnings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(counts, warnings);
    }

    @Override
    public String toString() {
        return "Diversity{counts=" + counts + ", warnings=" + warnings + '}';
    }
}
