/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import com.slabstak.slabml.core.internal.Normalizers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical forms of card fields, so that equivalent spellings compare equal:
 * player names ({@code "Ken Griffey, Jr."} = {@code "ken griffey jr"}, {@code "Ronald Acuña"} =
 * {@code "Ronald Acuna"}), years ({@code "1986-87"} = {@code "1986-1987"} = {@code "86-87"}),
 * card numbers ({@code "#57"} = {@code "57"} = {@code "No. 57"}), grades ({@code "9.5"} =
 * {@code "9.50"}, {@code "10"} = {@code "GEM MT 10"}) and grading companies
 * ({@code "PSA"} = {@code "Professional Sports Authenticator"}).
 *
 * <p>Two-digit years pivot at 30: {@code 00-30} are 2000-2030, {@code 31-99} are 1931-1999.
 *
 * {@code boolean same = CardNormalizers.year("86-87").equals(CardNormalizers.year("1986-1987")); // true}
 *
 * <p>Internal: public for the tests and the examples; not part of the API.
 */
public final class CardNormalizers {
    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern YEAR_RANGE = Pattern.compile("^'?(\\d{2}|\\d{4})\\s*(?:[-/\u2013\u2014]|to)\\s*'?(\\d{2}|\\d{4})$");
    private static final Pattern SINGLE_YEAR = Pattern.compile("^'?(\\d{2}|\\d{4})$");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern CARD_NUMBER_PREFIX = Pattern.compile(
        "^(?:#|no\\.?\\s*|num(?:ber)?\\.?\\s*|card\\s*(?:#|no\\.?)?\\s*)+", Pattern.CASE_INSENSITIVE);
    private static final int TWO_DIGIT_PIVOT = 30;
    private static final Map<String, String> SUFFIXES = Map.of(
        "jr", "jr", "junior", "jr", "sr", "sr", "senior", "sr", "ii", "ii", "iii", "iii", "iv", "iv");
    private static final Map<String, String> GRADERS = Map.ofEntries(
        Map.entry("psa", "PSA"),
        Map.entry("professional sports authenticator", "PSA"),
        Map.entry("psa dna", "PSA"),
        Map.entry("bgs", "BGS"),
        Map.entry("beckett", "BGS"),
        Map.entry("beckett grading", "BGS"),
        Map.entry("beckett grading services", "BGS"),
        Map.entry("beckett grading service", "BGS"),
        Map.entry("bvg", "BGS"),
        Map.entry("sgc", "SGC"),
        Map.entry("sportscard guaranty", "SGC"),
        Map.entry("sportscard guaranty corporation", "SGC"),
        Map.entry("sportscard guaranty company", "SGC"),
        Map.entry("cgc", "CGC"),
        Map.entry("certified guaranty company", "CGC"),
        Map.entry("cgc cards", "CGC"),
        Map.entry("csg", "CGC"));

    private CardNormalizers() {
    }

    /**
     * A player's name: case, accents, punctuation and spacing ignored; initials joined
     * ({@code "J.J. Watt"} = {@code "JJ Watt"}); name suffixes kept but spelled one way
     * ({@code "Jr."}, {@code ", Jr"}, {@code "Junior"} are all {@code jr}), since a Jr. and a
     * Sr. are different players; apostrophes dropped ({@code "D'Angelo"} = {@code "DAngelo"}).
     */
    public static String playerName(String value) {
        String s = value.replace("'", "").replace("\u2019", "").replace("`", "");
        String[] tokens = Normalizers.text(s).split(" ");
        List<String> out = new ArrayList<>();
        StringBuilder initials = new StringBuilder();
        for (String token : tokens) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.length() == 1 && Character.isLetter(token.charAt(0))) {
                initials.append(token);
                continue;
            }
            if (initials.length() > 0) {
                out.add(initials.toString());
                initials.setLength(0);
            }
            out.add(SUFFIXES.getOrDefault(token, token));
        }
        if (initials.length() > 0) {
            out.add(initials.toString());
        }
        return String.join(" ", out);
    }

    /**
     * A year or season: {@code "1986-87"}, {@code "1986-1987"}, {@code "86-87"},
     * {@code "1986/87"} all become {@code 1986-87}; {@code "'86"} becomes {@code 1986}. Other
     * text is normalised as {@link Normalizers#text}.
     */
    public static String year(String value) {
        String s = value.trim().toLowerCase(Locale.ROOT);
        Matcher range = YEAR_RANGE.matcher(s);
        if (range.matches()) {
            int start = fullYear(range.group(1));
            int end = range.group(2).length() == 4 ? Integer.parseInt(range.group(2))
                : (start / 100) * 100 + Integer.parseInt(range.group(2));
            if (range.group(2).length() == 2 && end < start) {
                end += 100;
            }
            return start + "-" + String.format(Locale.ROOT, "%02d", end % 100);
        }
        Matcher single = SINGLE_YEAR.matcher(s);
        if (single.matches()) {
            return Integer.toString(fullYear(single.group(1)));
        }
        return Normalizers.text(value);
    }

    private static int fullYear(String digits) {
        int y = Integer.parseInt(digits);
        if (digits.length() == 4) {
            return y;
        }
        return y <= TWO_DIGIT_PIVOT ? 2000 + y : 1900 + y;
    }

    /**
     * A card number: {@code "#57"}, {@code "No. 57"}, {@code "057"} become {@code 57}; letters
     * upper-cased and separators dropped ({@code "rc-12"} = {@code "RC12"}).
     */
    public static String cardNumber(String value) {
        String s = CARD_NUMBER_PREFIX.matcher(value.trim()).replaceFirst("");
        s = NON_ALNUM.matcher(s).replaceAll("").toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            s = s.replaceFirst("^0+(?=\\d)", "");
        }
        return s.isEmpty() ? Normalizers.text(value) : s;
    }

    /**
     * A grade: the first number in it without trailing zeros ({@code "9.50"} and
     * {@code "BGS 9.5"} become {@code 9.5}; {@code "GEM MT 10"} becomes {@code 10}); text without a number, such
     * as {@code "Authentic"}, is normalised as {@link Normalizers#text}.
     */
    public static String grade(String value) {
        Matcher m = NUMBER.matcher(value);
        String first = m.find() ? m.group() : null;
        if (first == null) {
            String t = Normalizers.text(value);
            return t.equals("auth") ? "authentic" : t;
        }
        BigDecimal d = new BigDecimal(first).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /**
     * A grading company: known names and aliases become the short name ({@code PSA},
     * {@code BGS}, {@code SGC}, {@code CGC}); others are upper-cased text.
     */
    public static String gradingCompany(String value) {
        String t = Normalizers.text(value);
        String known = GRADERS.get(t);
        if (known != null) {
            return known;
        }
        String first = t.isEmpty() ? t : t.split(" ")[0];
        known = GRADERS.get(first);
        return known != null ? known : t.toUpperCase(Locale.ROOT);
    }
}
