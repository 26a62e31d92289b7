/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.spi.MonthAggregate;
import java.sql.Array;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A month of the production log aggregated by PostgreSQL: two {@code GROUP BY GROUPING SETS}
 * queries (counters and percentiles; corrected fields), so only the groups leave the database.
 * Percentiles are {@code percentile_disc}, the nearest rank, hence exact. Internal.
 */
final class Aggregation {
    private final Database db;

    Aggregation(Database db) {
        this.db = db;
    }

    /** A group's key: a model and an arm, or the model in every arm ({@code arm == null}). */
    private record Key(String model, Arm arm) {
    }

    MonthAggregate aggregate(YearMonth month) {
        int key = PostgresProductionLogStore.key(month);
        String table = db.table("production_log");
        Map<Key, Map<String, Long>> fields = new HashMap<>();
        for (Object[] row : Rows.list(db, "SELECT model_id, arm, GROUPING(arm), f, count(*) FROM " + table
                + ", unnest(corrected_fields) AS f WHERE month = ? "
                + "GROUP BY GROUPING SETS ((model_id, arm, f), (model_id, f)) ORDER BY f",
            ps -> ps.setInt(1, key),
            rs -> new Object[] {new Key(rs.getString(1), rs.getInt(3) == 1 ? null : arm(rs.getString(2))),
                rs.getString(4), rs.getLong(5)})) {
            fields.computeIfAbsent((Key) row[0], k -> new LinkedHashMap<>()).put((String) row[1], (Long) row[2]);
        }
        List<MonthAggregate.Group> groups = Rows.list(db, "SELECT model_id, arm, GROUPING(arm), count(*), "
                + "count(*) FILTER (WHERE corrected), count(rating), coalesce(sum(rating), 0), "
                + "coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0), count(latency_ms), "
                + "percentile_disc(ARRAY[0.5, 0.9, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) "
                + "FROM " + table + " WHERE month = ? GROUP BY GROUPING SETS ((model_id, arm), (model_id)) "
                + "ORDER BY model_id, GROUPING(arm), arm",
            ps -> ps.setInt(1, key),
            rs -> {
                Key k = new Key(rs.getString(1), rs.getInt(3) == 1 ? null : arm(rs.getString(2)));
                long latencies = rs.getLong(10);
                MonthAggregate.Latency latency = MonthAggregate.Latency.NONE;
                Array p = rs.getArray(11);
                if (latencies > 0 && p != null) {
                    Object[] v = (Object[]) p.getArray();
                    latency = new MonthAggregate.Latency(latencies, ((Number) v[0]).longValue(),
                        ((Number) v[1]).longValue(), ((Number) v[2]).longValue(), ((Number) v[3]).longValue(), 0);
                }
                return new MonthAggregate.Group(k.model(), k.arm(), rs.getLong(4), rs.getLong(5),
                    fields.getOrDefault(k, Map.of()), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                    latency);
            });
        return new MonthAggregate(month, new ArrayList<>(groups), 0);
    }

    private static Arm arm(String value) {
        return Arm.valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** A text array literal, {@code {"a","b"}}, for one element of a {@code text[]} parameter. */
    static String arrayLiteral(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (String v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"');
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '"' || ch == '\\') {
                    out.append('\\');
                }
                out.append(ch);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }
}
