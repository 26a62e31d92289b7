/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrainingDataCollector;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.postgres.PostgresStoreProvider;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collection on PostgreSQL, in one run on one server:
 * <ol>
 *   <li>{@code collectAsync} on the {@code postgres} store under {@code BATCH}: each future completes
 *       after the commit that holds its sample (group commit), callers keep up to {@code window}
 *       samples in flight each; the rate counts acknowledged samples;</li>
 *   <li>the simple approach: one {@code INSERT} and one commit per sample (auto-commit), from as
 *       many threads, each with a connection of its own.</li>
 * </ol>
 * The server is the given one ({@code --url}, {@code --user}, {@code --password}) or an embedded
 * PostgreSQL started for the run, with the server's default durability (fsync on, synchronous commit).
 *
 * {@code java -cp examples/benchmarks/target/benchmarks.jar com.slabstak.slabml.examples.benchmarks.PostgresCollectionBenchmark}
 *
 * <p>Options: {@code --seconds <n>} per run (default 10), {@code --callers <n>} collectAsync
 * threads (default 4), {@code --window <n>} in flight per caller (default 1024), {@code --threads <n>}
 * for the simple approach (default 16).
 */
public final class PostgresCollectionBenchmark {
    private PostgresCollectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        double seconds = Double.parseDouble(opts.getOrDefault("--seconds", "10"));
        int callers = Integer.parseInt(opts.getOrDefault("--callers", "4"));
        int window = Integer.parseInt(opts.getOrDefault("--window", "1024"));
        int threads = Integer.parseInt(opts.getOrDefault("--threads", "16"));
        EmbeddedPostgres embedded = null;
        String url = opts.get("--url");
        String user = opts.getOrDefault("--user", "postgres");
        String password = opts.getOrDefault("--password", "");
        if (url == null) {
            embedded = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
            url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
        }
        try {
            String version;
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                version = rs.getString(1);
            }
            System.out.printf(Locale.ROOT, "PostgreSQL %s, %d cores, %s%n", version,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
            // Warm-up: the JIT and the server's caches.
            collect(url, user, password, callers, window, Math.max(2, seconds / 3), false);
            simple(url, user, password, threads, Math.max(2, seconds / 3), false);
            double batched = collect(url, user, password, callers, window, seconds, true);
            double single = simple(url, user, password, threads, seconds, true);
            System.out.printf(Locale.ROOT, "| collectAsync under BATCH / one INSERT and commit per record | %.1fx |%n",
                batched / single);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static double collect(String url, String user, String password, int callers, int window,
                                  double seconds, boolean report) throws Exception {
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Stores stores = new PostgresStoreProvider().create(ProviderContext.of(SlabMlConfig.of(Map.of(
            "slabml.postgres.url", url, "slabml.postgres.user", user, "slabml.postgres.password", password,
            "slabml.postgres.schema", schema, "slabml.store.durability", "BATCH")), Path.of("."), Clock.systemUTC()));
        Path scratch = java.nio.file.Files.createTempDirectory("slabml-pg-bench");
        SlabMl ml = Workload.slabMl(stores, scratch, Workload.noInference(),
            Map.of("slabml.fine_tuning.base_model", "gpt-4o-mini-2024-07-18"));
        TrainingDataCollector collector = ml.collector();
        Sample[] unstamped = Arrays.stream(Workload.samples(4096))
            .map(p -> p.toBuilder().id(null).createdAt(null).build()).toArray(Sample[]::new);
        LongAdder acks = new LongAdder();
        LongAdder failures = new LongAdder();
        Percentiles latency = new Percentiles(2_000_000);
        long cpu0 = cpu();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            int offset = t * 997;
            Semaphore inFlight = new Semaphore(window);
            Thread w = new Thread(() -> {
                int i = offset;
                while (System.nanoTime() < deadline) {
                    inFlight.acquireUninterruptibly();
                    boolean timed = (i & 63) == 0;
                    long t0 = timed ? System.nanoTime() : 0;
                    collector.collectAsync(unstamped[i++ & (unstamped.length - 1)]).whenComplete((ok, failure) -> {
                        if (failure != null) {
                            failures.increment();
                        } else {
                            acks.increment();
                        }
                        if (timed) {
                            long took = System.nanoTime() - t0;
                            synchronized (latency) {
                                latency.record(took);
                            }
                        }
                        inFlight.release();
                    });
                }
                inFlight.acquireUninterruptibly(window);
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - start;
        double cpuSeconds = (cpu() - cpu0) / 1e9;
        long stored = stores.samples().count(TaskName.CARD_IDENTIFICATION);
        ml.close();
        stores.close();
        Workload.delete(scratch);
        dropSchema(url, user, password, schema);
        if (failures.sum() > 0 || stored != acks.sum()) {
            throw new IllegalStateException("acknowledged " + acks.sum() + ", failed " + failures.sum()
                + ", stored " + stored);
        }
        double perSecond = acks.sum() / (elapsed / 1e9);
        if (report) {
            System.out.printf(Locale.ROOT, "| collectAsync under BATCH, %d callers, up to %d in flight each | %,.0f "
                + "records/s acknowledged (committed) | %,d records; time to acknowledgement median %s, p99 %s; "
                + "client CPU %.1f s in %.1f s |%n",
                callers, window, perSecond, acks.sum(), Percentiles.micros(latency.at(0.5)),
                Percentiles.micros(latency.at(0.99)), cpuSeconds, elapsed / 1e9);
        }
        return perSecond;
    }

    private static double simple(String url, String user, String password, int threads, double seconds,
                                 boolean report) throws Exception {
        String table = "simple_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, "
                + "task text NOT NULL, body text NOT NULL)");
        }
        Sample[] pool = Workload.samples(4096);
        String[] bodies = Arrays.stream(pool).map(s -> s.input() + " " + s.output()).toArray(String[]::new);
        LongAdder committed = new LongAdder();
        Percentiles latency = new Percentiles(2_000_000);
        long cpu0 = cpu();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, user, password);
                     PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, task, body) VALUES (?, ?, ?)")) {
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        long t0 = System.nanoTime();
                        ps.setString(1, thread + "-" + i);
                        ps.setString(2, "card_identification");
                        ps.setString(3, bodies[i & (bodies.length - 1)]);
                        ps.executeUpdate(); // auto-commit: one commit per record
                        committed.increment();
                        if ((i & 15) == 0) {
                            long took = System.nanoTime() - t0;
                            synchronized (latency) {
                                latency.record(took);
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - start;
        double cpuSeconds = (cpu() - cpu0) / 1e9;
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("DROP TABLE " + table);
        }
        double perSecond = committed.sum() / (elapsed / 1e9);
        if (report) {
            System.out.printf(Locale.ROOT, "| one INSERT and commit per record, %d threads | %,.0f records/s committed | "
                + "%,d records; per insert median %s, p99 %s; client CPU %.1f s in %.1f s |%n", threads, perSecond,
                committed.sum(), Percentiles.micros(latency.at(0.5)), Percentiles.micros(latency.at(0.99)), cpuSeconds,
                elapsed / 1e9);
        }
        return perSecond;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    private static void dropSchema(String url, String user, String password, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
