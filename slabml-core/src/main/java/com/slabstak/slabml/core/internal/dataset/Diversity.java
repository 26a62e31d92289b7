/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts what samples cover, for a {@link DiversityReport}. */
final class Diversity {
    private static final Pattern YEAR = Pattern.compile("(?<!\\d)(1[89]\\d\\d|20\\d\\d)(?!\\d)");

    private long samples;
    private final Map<String, Long> sports = new HashMap<>();
    private final Map<Integer, Long> years = new HashMap<>();
    private final Map<String, Long> brands = new HashMap<>();
    private final Map<String, Long> gradingCompanies = new HashMap<>();
    private final Map<String, Long> platforms = new HashMap<>();
    private final Map<String, Long> tones = new HashMap<>();

    void add(Sample s) {
        samples++;
        Object cardValue = s.input().get("card");
        Map<?, ?> card = cardValue instanceof Map ? (Map<?, ?>) cardValue : s.output();
        count(sports, card.get("sport"));
        count(brands, card.get("brand"));
        count(gradingCompanies, card.get("grading_company"));
        count(platforms, s.input().get("platform"));
        count(tones, s.input().get("tone"));
        Object year = card.get("year");
        if (year != null) {
            Matcher m = YEAR.matcher(year.toString());
            if (m.find()) {
                years.merge(Integer.parseInt(m.group(1)), 1L, Long::sum);
            }
        }
    }

    private static void count(Map<String, Long> counts, Object value) {
        if (value != null && !value.toString().isBlank()) {
            counts.merge(value.toString().trim().toLowerCase(Locale.ROOT), 1L, Long::sum);
        }
    }

    DiversityReport report() {
        List<String> warnings = new ArrayList<>();
        warnIfOne(warnings, "sport", sports.size(), sports.keySet());
        warnIfOne(warnings, "year", years.size(), years.keySet());
        warnIfOne(warnings, "brand", brands.size(), brands.keySet());
        return new DiversityReport(samples, sports, years, brands, gradingCompanies, platforms, tones, warnings);
    }

    private void warnIfOne(List<String> warnings, String what, int distinct, java.util.Set<?> values) {
        if (samples > 1 && distinct == 1) {
            warnings.add("every sample with a " + what + " has the same " + what + " (" + values.iterator().next()
                + "); include diverse examples so the model does not learn only one " + what);
        }
    }
}
