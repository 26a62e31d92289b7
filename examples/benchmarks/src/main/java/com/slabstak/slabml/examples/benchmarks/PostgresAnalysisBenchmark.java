/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.postgres.PostgresStoreProvider;
import com.slabstak.slabml.spi.MonthAggregate;
import com.slabstak.slabml.spi.MonthAggregator;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The monthly analysis on the {@code postgres} store: the store's {@link MonthAggregator} (one
 * parallel {@code GROUP BY} model, arm, latency and corrected fields; exact nearest-rank percentiles
 * and the per-model rollup computed from those histograms) over a month of production records, timed
 * at each size in one run, beside the previous form ({@code --before true}, the default): two
 * {@code GROUP BY GROUPING SETS} queries with {@code percentile_disc}, whose counts and percentiles
 * the store's result must equal.
 *
 * <p>The rows are made by the server itself ({@code INSERT ... SELECT FROM generate_series}), in the
 * production log table the store's migrations create, with the distribution of
 * {@code MonthlyAnalysisBenchmark}: 50% base arm, 45% candidate, 5% fallback; corrected 20% on the
 * base model and 8% on the fine-tuned one (one field each); a quarter rated; latency log-normal around
 * 900 ms; token usage on every record; a body of about 400 bytes, as the store keeps the record's JSON.
 * Sizes grow in place: the rows of the first size stay and more are added for the next.
 *
 * <p>The server is the given one ({@code --url}, {@code --user}, {@code --password}) or an embedded
 * PostgreSQL started for the run ({@code --work-mem} sets its {@code work_mem}, 64MB by default, so
 * the percentile sorts stay in memory).
 *
 * {@code java -cp benchmarks.jar com.slabstak.slabml.examples.benchmarks.PostgresAnalysisBenchmark --sizes 1000000,10000000 --rounds 2}
 */
public final class PostgresAnalysisBenchmark {
    private static final YearMonth MONTH = YearMonth.of(2026, 11);
    private static final int CHUNK = 1_000_000;

    private PostgresAnalysisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        List<Long> sizes = new ArrayList<>();
        for (String s : opts.getOrDefault("--sizes", "1000000,10000000").split(",")) {
            sizes.add(Long.parseLong(s.trim()));
        }
        int rounds = Integer.parseInt(opts.getOrDefault("--rounds", "2"));
        boolean before = Boolean.parseBoolean(opts.getOrDefault("--before", "true"));
        String workMem = opts.getOrDefault("--work-mem", "64MB");
        EmbeddedPostgres embedded = null;
        String url = opts.get("--url");
        String user = opts.getOrDefault("--user", "postgres");
        String password = opts.getOrDefault("--password", "");
        if (url == null) {
            embedded = EmbeddedPostgres.builder().setServerConfig("max_connections", "50")
                .setServerConfig("work_mem", workMem).setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_wal_size", "4GB").start();
            url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
        }
        String schema = "analysis";
        try (Stores stores = new PostgresStoreProvider().create(ProviderContext.of(SlabMlConfig.of(Map.of(
                "slabml.postgres.url", url, "slabml.postgres.user", user, "slabml.postgres.password", password,
                "slabml.postgres.schema", schema)), Path.of("."), Clock.systemUTC()));
             Connection c = DriverManager.getConnection(url, user, password)) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                System.out.printf(Locale.ROOT, "PostgreSQL %s, %d cores, %s, work_mem %s%n", rs.getString(1),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), workMem);
            }
            MonthAggregator aggregator = stores.productionLog().aggregator().orElseThrow();
            System.out.println("| rows | load (this size) | query | round | aggregation wall | client CPU | groups "
                + "| load average |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            long loaded = 0;
            for (long size : sizes) {
                long t0 = System.nanoTime();
                while (loaded < size) {
                    long n = Math.min(CHUNK, size - loaded);
                    load(c, schema, loaded, n);
                    loaded += n;
                }
                try (Statement st = c.createStatement()) {
                    st.execute("VACUUM ANALYZE " + schema + ".production_log");
                }
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                for (int r = 1; r <= rounds; r++) {
                    if (before) {
                        long cpu0 = cpu();
                        long w0 = System.nanoTime();
                        Map<String, List<Object>> previous = previousForm(c, schema);
                        report(size, loadSeconds, "before: 2 GROUPING SETS queries, percentile_disc", r, w0, cpu0,
                            previous.size());
                        Map<String, List<Object>> now = summary(aggregator.aggregate(MONTH));
                        if (!now.equals(previous)) {
                            throw new IllegalStateException("the aggregate differs from percentile_disc's: " + now
                                + " vs " + previous);
                        }
                    }
                    long cpu0 = cpu();
                    long w0 = System.nanoTime();
                    MonthAggregate month = aggregator.aggregate(MONTH);
                    report(size, loadSeconds, "store: 1 parallel GROUP BY, histograms", r, w0, cpu0,
                        month.groups().size());
                    long total = month.groups().stream().filter(g -> g.arm() == null)
                        .mapToLong(MonthAggregate.Group::records).sum();
                    if (total != size) {
                        throw new IllegalStateException("aggregated " + total + " records, loaded " + size);
                    }
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void report(long size, double loadSeconds, String query, int round, long w0, long cpu0,
                               int groups) {
        double wall = (System.nanoTime() - w0) / 1e9;
        double cpuSeconds = (cpu() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "| %,d | %.1f s | %s | %d | %.2f s | %.2f s | %d | %.1f |%n", size, loadSeconds,
            query, round, wall, cpuSeconds, groups, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * The previous form of the aggregation, as SQL alone: counters and {@code percentile_disc} per
     * model and arm and per model (one query), the corrected fields (a second one). Returns per group
     * (model/arm, {@code *} for every arm) its counters, percentiles and corrected fields' counts.
     */
    private static Map<String, List<Object>> previousForm(Connection c, String schema) throws Exception {
        Map<String, List<Object>> out = new java.util.TreeMap<>();
        String table = schema + ".production_log WHERE month = " + (MONTH.getYear() * 100 + MONTH.getMonthValue());
        String group = "model_id || '/' || CASE WHEN GROUPING(arm) = 1 THEN '*' ELSE arm END";
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT " + group + ", count(*), count(*) FILTER (WHERE corrected), "
                + "count(rating), coalesce(sum(rating), 0), coalesce(sum(prompt_tokens), 0), "
                + "coalesce(sum(completion_tokens), 0), count(latency_ms), "
                + "percentile_disc(ARRAY[0.5, 0.9, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) FROM " + table
                + " GROUP BY GROUPING SETS ((model_id, arm), (model_id))")) {
                while (rs.next()) {
                    List<Object> v = new ArrayList<>();
                    for (int i = 2; i <= 8; i++) {
                        v.add(rs.getLong(i));
                    }
                    for (Object p : rs.getLong(8) == 0 ? new Object[] {0L, 0L, 0L, 0L}
                        : (Object[]) rs.getArray(9).getArray()) {
                        v.add(((Number) p).longValue());
                    }
                    out.put(rs.getString(1), v);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT " + group + ", f, count(*) FROM " + schema
                + ".production_log, unnest(corrected_fields) AS f WHERE month = "
                + (MONTH.getYear() * 100 + MONTH.getMonthValue())
                + " GROUP BY GROUPING SETS ((model_id, arm, f), (model_id, f)) ORDER BY 1, f")) {
                while (rs.next()) {
                    out.get(rs.getString(1)).add(rs.getString(2));
                    out.get(rs.getString(1)).add(rs.getLong(3));
                }
            }
        }
        return out;
    }

    /** The store's aggregate in the form of {@link #previousForm}. */
    private static Map<String, List<Object>> summary(MonthAggregate month) {
        Map<String, List<Object>> out = new java.util.TreeMap<>();
        for (MonthAggregate.Group g : month.groups()) {
            MonthAggregate.Latency l = g.latency();
            List<Object> v = new ArrayList<>(List.of(g.records(), g.corrected(), g.ratings(), g.ratingSum(),
                g.promptTokens(), g.completionTokens(), l.count(), l.p50(), l.p90(), l.p95(), l.p99()));
            new java.util.TreeMap<>(g.correctedFields()).forEach((f, n) -> {
                v.add(f);
                v.add(n);
            });
            out.put(g.model() + "/" + (g.arm() == null ? "*" : g.arm().value()), v);
        }
        return out;
    }

    /** Adds rows {@code from .. from + n - 1}, made by the server. */
    private static void load(Connection c, String schema, long from, long n) throws Exception {
        String sql = """
            INSERT INTO %1$s.production_log (id, month, ts, task, model_id, arm, corrected, corrected_fields,
                rating, latency_ms, prompt_tokens, completion_tokens, body)
            SELECT 'rec-' || g, 202611, timestamptz '2026-11-01 00:00:00+00' + (g %% 2592000) * interval '1 second',
                'card_identification',
                CASE WHEN a.arm = 'candidate' THEN 'ft:gpt-4o-mini-2024-07-18:acme:cards:abc123'
                     ELSE 'gpt-4o-mini-2024-07-18' END,
                a.arm, c.corrected,
                CASE WHEN c.corrected THEN ARRAY[(ARRAY['player','year','brand','card_number','grade'])[1 + (g %% 5)]]
                     ELSE ARRAY[]::text[] END,
                CASE WHEN g %% 4 = 0 THEN 1 + (g %% 5)::int ELSE NULL END,
                greatest(1, round(exp(ln(900) + 0.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))))::bigint,
                300 + (g %% 200), 40 + (g %% 30),
                '{"id":"rec-' || g || '","task":"card_identification","timestamp":"2026-11-01T00:00:00Z",'
                    || '"input":"TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10 AUTO ROOKIE TICKET",'
                    || '"output":{"player":"Tom Brady","year":"2000","brand":"Playoff Contenders",'
                    || '"card_number":"144","grade":"PSA 10"},"user_id":"u' || (g %% 5000) || '",'
                    || '"usage":{"prompt_tokens":300,"completion_tokens":40},"latency_ms":900}'
            FROM generate_series(%2$d, %3$d) AS g,
                LATERAL (SELECT CASE WHEN g %% 100 < 50 THEN 'base' WHEN g %% 100 < 95 THEN 'candidate'
                                     ELSE 'fallback' END AS arm) a,
                LATERAL (SELECT CASE WHEN a.arm = 'candidate' THEN random() < 0.08 ELSE random() < 0.20 END
                                AS corrected) c
            """.formatted(schema, from, from + n - 1);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            st.execute("INSERT INTO " + schema + ".production_months (month) VALUES (202611) ON CONFLICT DO NOTHING");
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }
}
