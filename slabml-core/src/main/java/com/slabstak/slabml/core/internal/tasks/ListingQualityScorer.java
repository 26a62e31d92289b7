/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.ListingQuality;
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.core.internal.Normalizers;
import com.slabstak.slabml.core.internal.evaluation.Statistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scores a listing from 0 to 100 with the reasons points were lost. The same rules apply to every
 * model, so scores are comparable between models; {@link #compare} does that on paired listings.
 *
 * <p>Points lost: title over the platform's limit (25), title under 20 characters (10); each key
 * identifier the card has but the title lacks (player 12, year 8, brand 8, card number 6, grade 6,
 * grader 6; half when the description has it); shouting, i.e. mostly upper-case words (10);
 * each banned phrase such as "L@@K", "must see", "investment", "100% authentic guaranteed" (10,
 * at most 30); runs of "!!" (5); description under 80 characters (15) or over 4000 (5).
 *
 * {@code ListingQuality q = new ListingQualityScorer().score(listing, request);}
 *
 * <p>Internal: public for the evaluator and the examples; not part of the API.
 */
public final class ListingQualityScorer {
    /** Phrases marketplaces and buyers treat as spam or misleading. */
    public static final List<String> BANNED_PHRASES = List.of(
        "l@@k", "look!!!", "must see", "investment", "100% authentic guaranteed", "guaranteed authentic",
        "can't miss", "cant miss", "won't last", "wont last", "get rich", "free money", "best on ebay",
        "sure thing", "will only go up");
    private static final Set<String> ALLOWED_CAPS = Set.of(
        "PSA", "BGS", "SGC", "CGC", "GEM", "MT", "MINT", "NM", "EX", "RC", "SP", "SSP", "AUTO", "DNA", "USA", "NBA",
        "NFL", "MLB", "NHL", "UFC", "WWE", "PRIZM", "POP", "BGS9", "LOT", "II", "III", "IV", "JR", "SR", "GOAT");
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'\\-]*");
    private static final int MIN_TITLE = 20;
    private static final int MIN_DESCRIPTION = 80;
    private static final int MAX_DESCRIPTION = 4000;

    /** Creates a scorer with the rules above. */
    public ListingQualityScorer() {
    }

    /** Scores one listing written for {@code request}. */
    public ListingQuality score(Listing listing, ListingRequest request) {
        Objects.requireNonNull(listing, "listing");
        Objects.requireNonNull(request, "request");
        List<String> issues = new ArrayList<>();
        double score = 100;
        String title = listing.title().trim();
        String description = listing.description().trim();
        OptionalInt limit = request.platform().titleLimit();
        if (limit.isPresent() && title.length() > limit.getAsInt()) {
            score -= 25;
            issues.add("title is " + title.length() + " characters, over " + request.platform().value() + "'s limit of "
                + limit.getAsInt());
        }
        if (title.length() < MIN_TITLE) {
            score -= 10;
            issues.add("title is short (" + title.length() + " characters; buyers search on identifiers)");
        }
        score -= identifiers(request.card(), title, description, issues);
        String all = title + "\n" + description;
        if (shouting(all)) {
            score -= 10;
            issues.add("shouting: most words are upper-case");
        }
        String lower = all.toLowerCase(Locale.ROOT);
        double banned = 0;
        for (String phrase : BANNED_PHRASES) {
            if (lower.contains(phrase)) {
                banned += 10;
                issues.add("banned phrase \"" + phrase + "\"");
            }
        }
        score -= Math.min(30, banned);
        if (all.contains("!!")) {
            score -= 5;
            issues.add("repeated exclamation marks");
        }
        if (description.length() < MIN_DESCRIPTION) {
            score -= 15;
            issues.add("description is short (" + description.length() + " characters, want at least " + MIN_DESCRIPTION + ")");
        } else if (description.length() > MAX_DESCRIPTION) {
            score -= 5;
            issues.add("description is long (" + description.length() + " characters, over " + MAX_DESCRIPTION + ")");
        }
        return new ListingQuality(Math.max(0, Math.min(100, score)), issues);
    }

    private static double identifiers(CardData card, String title, String description, List<String> issues) {
        String t = " " + Normalizers.text(title) + " ";
        String d = " " + Normalizers.text(description) + " ";
        double lost = 0;
        lost += identifier("player", card.player(), 12, Normalizers.text(card.player()), t, d, issues);
        lost += identifier("year", card.year(), 8, yearForms(card.year()), t, d, issues);
        lost += identifier("brand", card.brand(), 8, Normalizers.text(card.brand()), t, d, issues);
        if (card.cardNumber().isPresent()) {
            lost += identifier("card number", card.cardNumber().get(), 6,
                CardNormalizers.cardNumber(card.cardNumber().get()).toLowerCase(Locale.ROOT) + "|"
                    + Normalizers.text(card.cardNumber().get()), t, d, issues);
        }
        if (card.grade().isPresent()) {
            lost += identifier("grade", card.grade().get(), 6, CardNormalizers.grade(card.grade().get()).replace('.', ' '), t, d,
                issues);
        }
        if (card.gradingCompany().isPresent()) {
            String g = card.gradingCompany().get();
            String canonical = CardNormalizers.gradingCompany(g).toLowerCase(Locale.ROOT);
            lost += identifier("grader", g, 6, canonical + "|" + Normalizers.text(g), t, d, issues);
        }
        return lost;
    }

    /** Forms of a year a title may use: {@code 1986-87}, {@code 1986}, {@code 86-87}. */
    private static String yearForms(String year) {
        String canonical = CardNormalizers.year(year);
        String text = Normalizers.text(canonical);
        String first = text.split(" ")[0];
        return text + "|" + first + "|" + Normalizers.text(year);
    }

    private static double identifier(String name, String raw, double points, String forms, String title,
        String description, List<String> issues) {
        for (String form : forms.split("\\|")) {
            if (!form.isBlank() && title.contains(" " + form + " ")) {
                return 0;
            }
        }
        for (String form : forms.split("\\|")) {
            if (!form.isBlank() && description.contains(" " + form + " ")) {
                issues.add(name + " is missing from the title (only in the description)");
                return points / 2;
            }
        }
        issues.add(name + " is missing from the title and description");
        return points;
    }

    private static boolean shouting(String text) {
        var m = WORD.matcher(text);
        int words = 0;
        int caps = 0;
        while (m.find()) {
            String w = m.group();
            if (w.length() < 3 || ALLOWED_CAPS.contains(w.toUpperCase(Locale.ROOT))) {
                continue;
            }
            words++;
            if (w.equals(w.toUpperCase(Locale.ROOT)) && !w.equals(w.toLowerCase(Locale.ROOT))) {
                caps++;
            }
        }
        return words >= 4 && caps * 2 > words;
    }

    /**
     * Scores two models' listings for the same requests and compares them: mean scores, the mean
     * paired difference (B minus A) with a 95% normal interval, and how often each model wrote the
     * better listing.
     *
     * @throws InvalidInputException if the lists differ in length or are empty
     */
    public ListingComparison compare(List<Listing> listingsA, List<Listing> listingsB, List<ListingRequest> requests,
        String nameA, String nameB) {
        Objects.requireNonNull(listingsA, "listingsA");
        Objects.requireNonNull(listingsB, "listingsB");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(nameA, "nameA");
        Objects.requireNonNull(nameB, "nameB");
        if (requests.isEmpty()) {
            throw new InvalidInputException("requests", "is empty: nothing to compare");
        }
        if (listingsA.size() != requests.size() || listingsB.size() != requests.size()) {
            throw new InvalidInputException(listingsA.size() != requests.size() ? "listingsA" : "listingsB",
                "must have one listing per request (" + requests.size() + ")");
        }
        int n = requests.size();
        double sumA = 0;
        double sumB = 0;
        double[] diff = new double[n];
        int aBetter = 0;
        int bBetter = 0;
        for (int i = 0; i < n; i++) {
            double a = score(listingsA.get(i), requests.get(i)).score();
            double b = score(listingsB.get(i), requests.get(i)).score();
            sumA += a;
            sumB += b;
            diff[i] = b - a;
            if (b > a) {
                bBetter++;
            } else if (a > b) {
                aBetter++;
            }
        }
        double mean = (sumB - sumA) / n;
        double var = 0;
        for (double x : diff) {
            var += (x - mean) * (x - mean);
        }
        double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
        double lower = mean - Statistics.Z_95 * se;
        double upper = mean + Statistics.Z_95 * se;
        return new ListingComparison(nameA, nameB, n, sumA / n, sumB / n, mean, lower, upper, aBetter, bBetter);
    }

    /**
     * Two models' listing scores on the same requests.
     *
     * @param meanDifference mean of B's score minus A's, per request
     * @param lower lower end of its 95% interval ({@code NaN} for one request)
     * @param upper upper end of its 95% interval ({@code NaN} for one request)
     */
    public record ListingComparison(String nameA, String nameB, int items, double meanScoreA, double meanScoreB,
        double meanDifference, double lower, double upper, int aBetter, int bBetter) {
    }
}
