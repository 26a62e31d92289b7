/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.spi.MonthAggregate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Judges production records and turns aggregates into {@link ModelMonthStats}. A record counts as
 * corrected when at least one field of its correction differs from the prediction under the field
 * comparators (so re-typing "#57" as "57" is not a correction); the fields compared are those the
 * correction names. Records are judged when tracked and carry the judgement
 * ({@link ProductionRecord#correctedFields()}); older ones are judged when read.
 *
 * <p>{@link #perModel(List)} and {@link #perModelAndArm(List)} compute the same numbers from records
 * held in memory, exactly; the monthly analysis streams instead.
 */
final class ProductionStats {
    private final FieldComparators comparators;

    ProductionStats(FieldComparators comparators) {
        this.comparators = Objects.requireNonNull(comparators, "comparators");
    }

    /**
     * Fields of the correction that differ from the prediction; empty when not corrected. The
     * judgement stored with the record when there is one.
     */
    List<String> correctedFields(ProductionRecord r) {
        if (r.correctedFields().isPresent()) {
            return r.correctedFields().get();
        }
        return judge(r);
    }

    /** Judges a record's correction with the comparators, ignoring any stored judgement. */
    List<String> judge(ProductionRecord r) {
        if (r.correction().isEmpty()) {
            return List.of();
        }
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Object> e : r.correction().entrySet()) {
            if (!comparators.matches(e.getKey(), r.prediction().get(e.getKey()), e.getValue())) {
                changed.add(e.getKey());
            }
        }
        return changed;
    }

    /** Stats per model (arm {@code null}), busiest first. */
    List<ModelMonthStats> perModel(List<ProductionRecord> records) {
        Map<String, List<ProductionRecord>> groups = new TreeMap<>();
        for (ProductionRecord r : records) {
            groups.computeIfAbsent(r.modelId(), k -> new ArrayList<>()).add(r);
        }
        List<ModelMonthStats> out = new ArrayList<>();
        groups.forEach((model, rs) -> out.add(stats(model, null, rs)));
        out.sort(Comparator.comparingLong(ModelMonthStats::volume).reversed().thenComparing(ModelMonthStats::model));
        return out;
    }

    /** Stats per model and arm, by model then arm. */
    List<ModelMonthStats> perModelAndArm(List<ProductionRecord> records) {
        Map<String, Map<Arm, List<ProductionRecord>>> groups = new TreeMap<>();
        for (ProductionRecord r : records) {
            groups.computeIfAbsent(r.modelId(), k -> new TreeMap<>()).computeIfAbsent(r.arm(), k -> new ArrayList<>()).add(r);
        }
        List<ModelMonthStats> out = new ArrayList<>();
        groups.forEach((model, byArm) -> byArm.forEach((arm, rs) -> out.add(stats(model, arm, rs))));
        return out;
    }

    ModelMonthStats stats(String model, Arm arm, List<ProductionRecord> records) {
        long corrected = 0;
        long ratings = 0;
        long ratingSum = 0;
        long prompt = 0;
        long completion = 0;
        Map<String, Long> fieldCounts = new LinkedHashMap<>();
        long[] latencies = new long[records.size()];
        int latencyCount = 0;
        for (ProductionRecord r : records) {
            List<String> changed = correctedFields(r);
            if (!changed.isEmpty()) {
                corrected++;
                for (String f : changed) {
                    fieldCounts.merge(f, 1L, Long::sum);
                }
            }
            if (r.rating().isPresent()) {
                ratings++;
                ratingSum += r.rating().getAsInt();
            }
            if (r.latencyMillis().isPresent()) {
                latencies[latencyCount++] = r.latencyMillis().getAsLong();
            }
            if (r.usage().isPresent()) {
                prompt += r.usage().get().promptTokens();
                completion += r.usage().get().completionTokens();
            }
        }
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        return new ModelMonthStats(model, arm, records.size(), Statistics.wilson(corrected, records.size()), ratings,
            ratings == 0 ? Double.NaN : (double) ratingSum / ratings, mostCorrectedFirst(fieldCounts),
            percentile(sorted, 50), percentile(sorted, 95), prompt + completion, percentile(sorted, 90),
            percentile(sorted, 99), 0, prompt, completion);
    }

    private static Map<String, Long> mostCorrectedFirst(Map<String, Long> fieldCounts) {
        Map<String, Long> mostCorrected = new LinkedHashMap<>();
        fieldCounts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .forEach(e -> mostCorrected.put(e.getKey(), e.getValue()));
        return mostCorrected;
    }

    /** The stats of one aggregated group. */
    static ModelMonthStats stats(MonthAggregate.Group g) {
        MonthAggregate.Latency l = g.latency();
        return new ModelMonthStats(g.model(), g.arm(), g.records(), Statistics.wilson(g.corrected(), g.records()),
            g.ratings(), g.ratings() == 0 ? Double.NaN : (double) g.ratingSum() / g.ratings(),
            mostCorrectedFirst(g.correctedFields()), l.p50(), l.p95(), g.totalTokens(), l.p90(), l.p99(),
            l.errorMillis(), g.promptTokens(), g.completionTokens());
    }

    /** Stats per model (every arm together), busiest first. */
    static List<ModelMonthStats> perModel(MonthAggregate aggregate) {
        List<ModelMonthStats> out = new ArrayList<>();
        for (MonthAggregate.Group g : aggregate.groups()) {
            if (g.arm() == null) {
                out.add(stats(g));
            }
        }
        out.sort(Comparator.comparingLong(ModelMonthStats::volume).reversed().thenComparing(ModelMonthStats::model));
        return out;
    }

    /** Stats per model and arm, by model then arm. */
    static List<ModelMonthStats> perModelAndArm(MonthAggregate aggregate) {
        List<ModelMonthStats> out = new ArrayList<>();
        for (MonthAggregate.Group g : aggregate.groups()) {
            if (g.arm() != null) {
                out.add(stats(g));
            }
        }
        out.sort(Comparator.comparing(ModelMonthStats::model).thenComparing(ModelMonthStats::arm));
        return out;
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
