/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.GuardrailDecision;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.FileStores;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.postgres.PostgresStoreProvider;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What one guardrail check ({@code SlabMl.loop().checkRollout}) costs as the production log grows: a rollout whose log holds N records
 * (10^4 to 10^7, one month, 20% candidate, 10% corrected) on the file store; the first check reads
 * the log once (what every check cost before it read incrementally), then 200 records are added
 * before each of 20 further checks, whose median time and records read are printed.
 *
 * <p>With {@code --store postgres} the log is on the {@code postgres} store instead, in an embedded
 * PostgreSQL started for the run (a schema of its own per size); the checking thread's CPU time then
 * leaves out the server's, so the wall time is the one to read.
 *
 * {@code java -cp examples/benchmarks/target/benchmarks.jar com.slabstak.slabml.examples.benchmarks.GuardrailCheckBenchmark [--store postgres] 10000 100000}
 */
public final class GuardrailCheckBenchmark {
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final String BASE = "gpt-4o-mini-2024-07-18";
    private static final String CANDIDATE = "ft:base:org:card:abc";
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private GuardrailCheckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> sizes = new ArrayList<>(List.of(args));
        boolean postgres = false;
        int store = sizes.indexOf("--store");
        if (store >= 0) {
            String name = store + 1 < sizes.size() ? sizes.get(store + 1) : "";
            if (!name.equals("file") && !name.equals("postgres")) {
                throw new IllegalArgumentException("--store: file or postgres, was '" + name + "'");
            }
            postgres = name.equals("postgres");
            sizes.subList(store, Math.min(store + 2, sizes.size())).clear();
        }
        if (sizes.isEmpty()) {
            sizes = List.of("10000", "100000", "1000000");
        }
        EmbeddedPostgres server = postgres ? EmbeddedPostgres.builder().start() : null;
        try {
            System.out.println("| records in the log | first check (reads the log once) | later check, median of 20 | records read per later check |");
            System.out.println("|---|---|---|---|");
            for (String a : sizes) {
                run(Long.parseLong(a), server);
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static void run(long n, EmbeddedPostgres server) throws Exception {
        Path dir = Files.createTempDirectory("slabml-guardrail-bench");
        SettableClock clock = new SettableClock(START);
        String url = server == null ? null : "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
        String schema = "guardrail_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        SlabMlConfig config = SlabMlConfig.of(server == null
            ? Map.of("slabml.store.production_log.queue_capacity", "1048576")
            : Map.of("slabml.postgres.url", url, "slabml.postgres.user", "postgres", "slabml.postgres.schema", schema,
                "slabml.store.production_log.queue_capacity", "1048576"));
        ProviderContext context = ProviderContext.of(config, dir, clock);
        try (Stores stores = server == null ? FileStores.open(context) : new PostgresStoreProvider().create(context);
             SlabMl ml = Workload.slabMl(stores, dir, Workload.noInference(),
                 Map.of("slabml.guardrail.srm_alpha", "0.000001", "slabml.fine_tuning.base_model", BASE), clock)) {
            ml.registry().startRollout(CARD, CANDIDATE, 20, "benchmark");
            clock.set(START.plusSeconds(30L * 86_400 - 1));
            ProductionLogStore log = stores.productionLog();
            SplittableRandom random = new SplittableRandom(7);
            long[] seq = {0};
            append(log, random, seq, n);
            log.months();
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            GuardrailDecision first = ml.loop().checkRollout(CARD);
            double firstMs = (System.nanoTime() - t0) / 1e6;
            double firstCpuMs = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
            double[] later = new double[20];
            double[] laterCpu = new double[20];
            long read = 0;
            for (int i = 0; i < later.length; i++) {
                append(log, random, seq, 200);
                log.months();
                long c = CPU.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                GuardrailDecision d = ml.loop().checkRollout(CARD);
                later[i] = (System.nanoTime() - t) / 1e6;
                laterCpu[i] = (CPU.getCurrentThreadCpuTime() - c) / 1e6;
                read = d.recordsRead();
            }
            Arrays.sort(later);
            Arrays.sort(laterCpu);
            System.out.printf(Locale.ROOT, "| %,d | %,.0f ms CPU (%,.0f ms wall), %,d read | %.2f ms CPU (%.1f ms wall) | %d |%n",
                n, firstCpuMs, firstMs, first.recordsRead(), laterCpu[laterCpu.length / 2], later[later.length / 2], read);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            if (server != null) {
                try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }

    /** A clock the benchmark moves: the rollout starts at the start of the month, the checks run at its end. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            this.now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("the benchmark's clock is in UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static void append(ProductionLogStore log, SplittableRandom random, long[] seq, long n) {
        for (long i = 0; i < n; i++) {
            long k = seq[0]++;
            boolean candidate = random.nextDouble() < 0.2;
            ProductionRecord.Builder r = ProductionRecord.builder().id("r" + k)
                .timestamp(START.plusMillis(1 + k % (29L * 86_400_000))).task(CARD)
                .modelId(candidate ? CANDIDATE : BASE).arm(candidate ? Arm.CANDIDATE : Arm.BASE)
                .prediction(Map.of("player", "Michael Jordan", "card_number", "57"));
            if (random.nextDouble() < 0.1) {
                r.correction(Map.of("player", "Michael Jordan", "card_number", "58"));
            }
            log.append(r.build());
        }
    }
}
