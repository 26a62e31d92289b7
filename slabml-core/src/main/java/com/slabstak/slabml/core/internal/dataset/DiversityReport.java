/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.Diversity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a dataset covers: samples per sport, year, brand, grading company, platform and tone (values
 * lower-cased and trimmed; samples without the field are not counted), the range of years, and
 * warnings when it covers only one sport, year or brand (the seed's "don't include only one
 * sport/year/brand"). For listings the card is the input's {@code card}; otherwise the output.
 *
 * {@code
 * DiversityReport d = DatasetQuality.analyze(samples, task).diversity();
 * d.warnings().forEach(System.out::println);
 * }
 */
public record DiversityReport(
    long samples,
    Map<String, Long> sports,
    Map<Integer, Long> years,
    Map<String, Long> brands,
    Map<String, Long> gradingCompanies,
    Map<String, Long> platforms,
    Map<String, Long> tones,
    List<String> warnings) {

    public DiversityReport {
        sports = copy(sports);
        years = copy(years);
        brands = copy(brands);
        gradingCompanies = copy(gradingCompanies);
        platforms = copy(platforms);
        tones = copy(tones);
        warnings = List.copyOf(warnings);
    }

    private static <K, V> Map<K, V> copy(Map<K, V> m) {
        return Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(m, "map")));
    }

    /**
     * Samples per value keyed by the API's dimension names ({@link Diversity#DIMENSIONS}), years as
     * text.
     */
    public Map<String, Map<String, Long>> counts() {
        Map<String, Long> yearText = new TreeMap<>();
        years.forEach((year, n) -> yearText.put(String.valueOf(year), n));
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        out.put(Diversity.SPORT, sports);
        out.put(Diversity.YEAR, yearText);
        out.put(Diversity.BRAND, brands);
        out.put(Diversity.GRADING_COMPANY, gradingCompanies);
        out.put(Diversity.PLATFORM, platforms);
        out.put(Diversity.TONE, tones);
        return out;
    }

    /** The first and last year seen, as {@code 1986-2023}, if any sample has a year. */
    public Optional<String> yearRange() {
        if (years.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<Integer, Long> t = new TreeMap<>(years);
        return Optional.of(t.firstKey() + "-" + t.lastKey());
    }

    /** A few readable lines for people. */
    public String summary() {
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append("samples: ").append(samples).append(nl)
            .append("sports: ").append(sports).append(nl)
            .append("years: ").append(yearRange().orElse("unknown")).append(" (").append(years.size())
            .append(" distinct)").append(nl)
            .append("brands: ").append(brands).append(nl)
            .append("grading companies: ").append(gradingCompanies);
        if (!platforms.isEmpty() || !tones.isEmpty()) {
            sb.append(nl).append("platforms: ").append(platforms).append(nl).append("tones: ").append(tones);
        }
        for (String w : warnings) {
            sb.append(nl).append("warning: ").append(w);
        }
        return sb.toString();
    }
}
