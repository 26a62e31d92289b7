/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Card and listing samples for the dataset tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    static final List<String> SPORTS = List.of("basketball", "football", "baseball", "hockey");
    static final List<String> BRANDS = List.of("Fleer", "Topps", "Panini", "Upper Deck", "Bowman");
    static final List<String> COMPANIES = List.of("PSA", "BGS", "SGC");
    private static int ids;

    private Fixtures() {
    }

    static Map<String, Object> card(String player, String year, String brand, String number, String grade,
                                    String company, String sport) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("player", player);
        m.put("year", year);
        m.put("brand", brand);
        m.put("card_number", number);
        m.put("grade", grade);
        m.put("grading_company", company);
        m.put("sport", sport);
        return m;
    }

    /** The i-th of many distinct cards. */
    static Map<String, Object> distinctCard(int i) {
        return card("Player " + i, String.valueOf(1980 + i % 40), BRANDS.get(i % BRANDS.size()),
            String.valueOf(i), String.valueOf(1 + i % 10), COMPANIES.get(i % COMPANIES.size()),
            SPORTS.get(i % SPORTS.size()));
    }

    static String ocrOf(Map<String, Object> card) {
        return (card.get("player") + " " + card.get("year") + " " + card.get("brand") + " #" + card.get("card_number")
            + " " + card.get("grading_company") + " " + card.get("grade")).toUpperCase(java.util.Locale.ROOT);
    }

    static Sample.Builder cardSample(String ocr, Map<String, Object> card) {
        return Sample.builder()
            .id("s" + (++ids))
            .task(TaskName.CARD_IDENTIFICATION)
            .source(SampleSource.VALIDATED)
            .putInput("ocr_text", ocr)
            .output(card)
            .confidence(1.0)
            .createdAt(T0.plusSeconds(ids));
    }

    static Sample.Builder listingSample(Map<String, Object> card, String platform, String tone, String title) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("card", card);
        input.put("platform", platform);
        input.put("tone", tone);
        return Sample.builder()
            .id("l" + (++ids))
            .task(TaskName.LISTING_GENERATION)
            .source(SampleSource.MANUAL)
            .input(input)
            .putOutput("title", title)
            .putOutput("description", "A " + tone + " listing of " + card.get("player") + " for " + platform + ".")
            .confidence(1.0)
            .createdAt(T0.plusSeconds(ids));
    }
}
