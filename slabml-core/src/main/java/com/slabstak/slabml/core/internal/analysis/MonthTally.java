/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.analysis;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.spi.MonthAggregate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counters and latency sketches per model and arm, fed one record at a time, in memory that
 * depends on the number of models, arms and corrected field names, not on the number of records.
 * Tallies of parts of a month (segments read in parallel) merge into one. Not thread-safe: one
 * tally per thread, merged at the end.
 *
 * {@code
 * MonthTally tally = new MonthTally();
 * try (Stream<ProductionRecord> s = store.read(month)) {
 *     s.forEach(r -> tally.add(r, judge.correctedFields(r)));
 * }
 * MonthAggregate aggregate = tally.aggregate(month);
 * }
 *
 * <p>Internal: not part of the API.
 */
public final class MonthTally {
    private final Map<String, EnumMap<Arm, Counters>> models = new HashMap<>();
    private long skipped;
    private String lastModel;
    private Arm lastArm;
    private Counters last;

    /**
     * Counts one record.
     *
     * @param correctedFields the fields judged corrected; empty when not corrected
     */
    public void add(ProductionRecord r, Collection<String> correctedFields) {
        Counters c = counters(r.modelId(), r.arm());
        c.records++;
        if (!correctedFields.isEmpty()) {
            c.corrected++;
            for (String f : correctedFields) {
                c.field(f);
            }
        }
        if (r.rating().isPresent()) {
            c.ratings++;
            c.ratingSum += r.rating().getAsInt();
        }
        if (r.latencyMillis().isPresent()) {
            c.latency.record(r.latencyMillis().getAsLong());
        }
        if (r.usage().isPresent()) {
            c.promptTokens += r.usage().get().promptTokens();
            c.completionTokens += r.usage().get().completionTokens();
        }
    }

    /**
     * Returns the counters of one model and arm, for a reader that fills them field by field.
     */
    public Counters counters(String model, Arm arm) {
        if (last != null && arm == lastArm && model.equals(lastModel)) {
            return last;
        }
        Counters c = models.computeIfAbsent(model, m -> new EnumMap<>(Arm.class)).computeIfAbsent(arm, a -> new Counters());
        lastModel = model;
        lastArm = arm;
        last = c;
        return c;
    }

    /** Counts a record that could not be read. */
    public void skip() {
        skipped++;
    }

    /** Records that could not be read. */
    public long skipped() {
        return skipped;
    }

    /** Adds everything {@code other} counted to this tally. */
    public void merge(MonthTally other) {
        Objects.requireNonNull(other, "other");
        other.models.forEach((model, arms) -> arms.forEach((arm, c) -> counters(model, arm).merge(c)));
        skipped += other.skipped;
    }

    /** Returns the groups per model and arm and per model (arm {@code null}), by model then arm. */
    public MonthAggregate aggregate(YearMonth month) {
        List<MonthAggregate.Group> groups = new ArrayList<>();
        new TreeMap<>(models).forEach((model, arms) -> {
            Counters all = new Counters();
            arms.forEach((arm, c) -> {
                groups.add(c.group(model, arm));
                all.merge(c);
            });
            groups.add(all.group(model, null));
        });
        return new MonthAggregate(month, groups, skipped);
    }

    /** One model's and arm's counters. */
    public static final class Counters {
        private long records;
        private long corrected;
        private final Map<String, long[]> fields = new HashMap<>();
        private long ratings;
        private long ratingSum;
        private long promptTokens;
        private long completionTokens;
        private final LatencySketch latency = new LatencySketch();

        Counters() {
        }

        /** Counts a record; the other methods add what it carries. */
        public void record() {
            records++;
        }

        /** Counts the current record as corrected. */
        public void corrected() {
            corrected++;
        }

        /** Counts one corrected field of the current record. */
        public void field(String name) {
            long[] n = fields.get(name);
            if (n == null) {
                fields.put(name, new long[] {1});
            } else {
                n[0]++;
            }
        }

        /** Adds a rating. */
        public void rating(int rating) {
            ratings++;
            ratingSum += rating;
        }

        /** Adds a latency. */
        public void latency(long millis) {
            latency.record(millis);
        }

        /** Adds token usage. */
        public void tokens(long prompt, long completion) {
            promptTokens += prompt;
            completionTokens += completion;
        }

        void merge(Counters o) {
            records += o.records;
            corrected += o.corrected;
            o.fields.forEach((f, n) -> fields.computeIfAbsent(f, k -> new long[1])[0] += n[0]);
            ratings += o.ratings;
            ratingSum += o.ratingSum;
            promptTokens += o.promptTokens;
            completionTokens += o.completionTokens;
            latency.merge(o.latency);
        }

        MonthAggregate.Group group(String model, Arm arm) {
            Map<String, Long> counts = new TreeMap<>();
            fields.forEach((f, n) -> counts.put(f, n[0]));
            return new MonthAggregate.Group(model, arm, records, corrected, counts, ratings, ratingSum, promptTokens,
                completionTokens, latency.latency());
        }
    }
}
