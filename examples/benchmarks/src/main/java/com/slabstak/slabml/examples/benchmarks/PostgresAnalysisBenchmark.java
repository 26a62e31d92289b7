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
 * The monthly analysis on the {@code postgres} store: the store's {@link MonthAggregator} (two
 * {@code GROUP BY GROUPING SETS} queries, nearest-rank percentiles with {@code percentile_disc}) over
 * a month of production records, timed at each size in one run.
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
            System.out.println("| rows | load (this size) | round | aggregation wall | client CPU | groups | load average |");
            System.out.println("|---|---|---|---|---|---|---|");
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
                    long cpu0 = cpu();
                    long w0 = System.nanoTime();
                    MonthAggregate month = aggregator.aggregate(MONTH);
                    double wall = (System.nanoTime() - w0) / 1e9;
                    double cpuSeconds = (cpu() - cpu0) / 1e9;
                    long total = month.groups().stream().filter(g -> g.arm() == null)
                        .mapToLong(MonthAggregate.Group::records).sum();
                    if (total != size) {
                        throw new IllegalStateException("aggregated " + total + " records, loaded " + size);
                    }
                    System.out.printf(Locale.ROOT, "| %,d | %.1f s | %d | %.2f s | %.2f s | %d | %.1f |%n", size,
                        loadSeconds, r, wall, cpuSeconds, month.groups().size(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
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
