/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal;

import com.slabstak.slabml.spi.FieldComparator;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Canonical text forms that hold for any task: text ignoring case, accents, punctuation and
 * spacing; numbers without trailing zeros; yes/no flags. Task-specific forms (card numbers, player
 * names, ...) are the tasks' own.
 *
 * {@code boolean same = Normalizers.numberOrText("9.50").equals(Normalizers.numberOrText("9.5")); // true}
 *
 * <p>Internal: public for the tasks and the evaluator; not part of the API.
 */
public final class Normalizers {
    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Normalizers() {
    }

    /**
     * Returns a comparator that normalises both values to text and compares the results; absent
     * or blank values match only each other.
     */
    public static FieldComparator comparing(Function<String, String> normalizer) {
        Objects.requireNonNull(normalizer, "normalizer");
        return (predicted, truth) -> {
            String p = asText(predicted);
            String t = asText(truth);
            if (p == null || t == null) {
                return p == null && t == null;
            }
            return normalizer.apply(p).equals(normalizer.apply(t));
        };
    }

    /** Returns a value as trimmed text, or {@code null} when absent or blank. */
    public static String asText(Object value) {
        if (value == null) {
            return null;
        }
        String s;
        if (value instanceof BigDecimal) {
            s = ((BigDecimal) value).toPlainString();
        } else {
            s = value.toString();
        }
        s = s.trim();
        return s.isEmpty() ? null : s;
    }

    /** Lower case, accents removed, punctuation as spaces, spaces collapsed. */
    public static String text(String value) {
        String s = MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("");
        s = NON_ALNUM.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ");
        return SPACES.matcher(s).replaceAll(" ").trim();
    }

    /** A flag: {@code true/yes/y/1} and {@code false/no/n/0}; others as {@link #text}. */
    public static String flag(String value) {
        String t = text(value);
        switch (t) {
            case "true": case "yes": case "y": case "1":
                return "true";
            case "false": case "no": case "n": case "0":
                return "false";
            default:
                return t;
        }
    }

    /** A plain number without trailing zeros when the text is one; else as {@link #text}. */
    public static String numberOrText(String value) {
        try {
            BigDecimal d = new BigDecimal(value.trim()).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        } catch (NumberFormatException e) {
            return text(value);
        }
    }
}
