/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.spi.MonthAggregate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A month of the production log aggregated by PostgreSQL in one query: {@code GROUP BY model_id, arm,
 * latency_ms, corrected_fields} with counts and sums, a hash aggregate the server runs with parallel
 * workers. What leaves the database is, per model and arm, an exact latency histogram (one row per
 * distinct latency and set of corrected fields); the nearest-rank percentiles (the definition of
 * {@code percentile_disc}: the smallest latency whose cumulative count reaches
 * {@code ceil(p * n)}), the corrected fields' counts and the per-model rollup over every arm are
 * computed here from it, so they stay exact. Internal.
 */
final class Aggregation {
    /** The percentiles of {@link MonthAggregate.Latency}, as fractions. */
    private static final double[] PERCENTILES = {0.5, 0.9, 0.95, 0.99};

    private final Database db;

    Aggregation(Database db) {
        this.db = db;
    }

    /** One row of the query: a distinct (model, arm, latency, corrected fields) and its totals. */
    private record Bucket(String model, String arm, Long latency, String[] fields, long records, long corrected,
                          long ratings, long ratingSum, long promptTokens, long completionTokens) {
    }

    /** A group's totals as the buckets add up. */
    private static final class Totals {
        long records;
        long corrected;
        long ratings;
        long ratingSum;
        long promptTokens;
        long completionTokens;
        final Map<String, Long> fields = new TreeMap<>();
        final TreeMap<Long, Long> latencies = new TreeMap<>();

        void add(Bucket b) {
            records += b.records();
            corrected += b.corrected();
            ratings += b.ratings();
            ratingSum += b.ratingSum();
            promptTokens += b.promptTokens();
            completionTokens += b.completionTokens();
            for (String f : b.fields()) {
                fields.merge(f, b.records(), Long::sum);
            }
            if (b.latency() != null) {
                latencies.merge(b.latency(), b.records(), Long::sum);
            }
        }

        MonthAggregate.Group group(String model, Arm arm) {
            return new MonthAggregate.Group(model, arm, records, corrected, fields, ratings, ratingSum, promptTokens,
                completionTokens, latency(latencies));
        }
    }

    MonthAggregate aggregate(YearMonth month) {
        int key = PostgresProductionLogStore.key(month);
        List<Bucket> buckets = Rows.list(db, "SELECT model_id, arm, latency_ms, corrected_fields, count(*), "
                + "count(*) FILTER (WHERE corrected), count(rating), sum(rating), sum(prompt_tokens), "
                + "sum(completion_tokens) FROM " + db.table("production_log") + " WHERE month = ? "
                + "GROUP BY model_id, arm, latency_ms, corrected_fields",
            ps -> ps.setInt(1, key),
            rs -> new Bucket(rs.getString(1), rs.getString(2), (Long) rs.getObject(3),
                (String[]) rs.getArray(4).getArray(), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                rs.getLong(9), rs.getLong(10)));
        // model -> arm -> totals; the model's rollup over every arm is kept apart
        Map<String, Map<String, Totals>> byArm = new TreeMap<>();
        Map<String, Totals> byModel = new TreeMap<>();
        for (Bucket b : buckets) {
            byArm.computeIfAbsent(b.model(), m -> new TreeMap<>()).computeIfAbsent(b.arm(), a -> new Totals()).add(b);
            byModel.computeIfAbsent(b.model(), m -> new Totals()).add(b);
        }
        List<MonthAggregate.Group> groups = new ArrayList<>();
        byArm.forEach((model, arms) -> {
            arms.forEach((arm, totals) -> groups.add(totals.group(model, arm(arm))));
            groups.add(byModel.get(model).group(model, null));
        });
        return new MonthAggregate(month, groups, 0);
    }

    /** Nearest-rank percentiles of a histogram (latency to count), as {@code percentile_disc} computes them. */
    static MonthAggregate.Latency latency(SortedMap<Long, Long> histogram) {
        long n = 0;
        for (long count : histogram.values()) {
            n += count;
        }
        if (n == 0) {
            return MonthAggregate.Latency.NONE;
        }
        long[] ranks = new long[PERCENTILES.length];
        for (int i = 0; i < ranks.length; i++) {
            // percentile_disc: the row at ceil(p * n), 1-based, in float8 arithmetic as here
            ranks[i] = Math.max(1, Math.min(n, (long) Math.ceil(PERCENTILES[i] * n)));
        }
        long[] out = new long[PERCENTILES.length];
        int next = 0;
        long seen = 0;
        for (Map.Entry<Long, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            while (next < ranks.length && seen >= ranks[next]) {
                out[next++] = e.getKey();
            }
            if (next == ranks.length) {
                break;
            }
        }
        return new MonthAggregate.Latency(n, out[0], out[1], out[2], out[3], 0);
    }

    private static Arm arm(String value) {
        return Arm.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
