/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spi.Stores;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The monthly analysis of a month of production records on the file store, side by side with
 * DuckDB over the same JSONL files computing the same aggregates (per model and arm, and per model:
 * records, corrected, per-field correction counts, ratings, token sums, nearest-rank p50/p90/p95/p99
 * latency), in one JVM and one run. Reports wall time, the CPU time of the process over each run
 * (DuckDB's native threads included) and, for SlabML, the most heap still in use after any garbage
 * collection during the run. Checks that both engines agree: counts exactly, percentiles within
 * the error bound SlabML states.
 *
 * <pre>
 * java -cp benchmarks.jar com.slabstak.slabml.examples.benchmarks.MonthlyAnalysisBenchmark generate --dir D --records 10000000
 * java -Xmx64m -cp benchmarks.jar com.slabstak.slabml.examples.benchmarks.MonthlyAnalysisBenchmark run --dir D --rounds 2
 * </pre>
 *
 * <p>{@code generate} writes {@code --records} realistic records (about 350 bytes each) for
 * November 2026 through the file store; {@code run} analyses them {@code --rounds} times with each
 * engine, alternating, on a warm page cache ({@code --engines slabml,duckdb} by default).
 */
public final class MonthlyAnalysisBenchmark {
    static final YearMonth MONTH = YearMonth.of(2026, 11);
    private static final String[] PLAYERS = {"Michael Jordan", "Ken Griffey Jr.", "Mickey Mantle", "LeBron James",
        "Wayne Gretzky", "Tom Brady", "Shohei Ohtani", "Kobe Bryant"};
    private static final String[] BRANDS = {"Fleer", "Topps", "Upper Deck", "Panini", "Bowman"};
    private static final String BASE = "base-model-2024-07-18";
    private static final String TUNED = "ft:base-model-2024-07-18:slabstak::a1b2c3d4";

    private MonthlyAnalysisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path dir = Path.of(options.getOrDefault("dir", "target/analysis-data"));
        if (args.length > 0 && args[0].equals("generate")) {
            generate(dir, Long.parseLong(options.getOrDefault("records", "1000000")));
        } else if (args.length > 0 && args[0].equals("run")) {
            run(dir, Integer.parseInt(options.getOrDefault("rounds", "2")),
                List.of(options.getOrDefault("engines", "slabml,duckdb").split(",")));
        } else {
            System.err.println("usage: MonthlyAnalysisBenchmark generate|run --dir <dir> [--records n] [--rounds n]");
            System.exit(2);
        }
    }

    // ---- data

    static void generate(Path dir, long records) throws IOException {
        Workload.delete(dir);
        Files.createDirectories(dir);
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(2026);
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        long spacingMicros = 29L * 24 * 3600 * 1_000_000 / Math.max(1, records);
        try (Stores stores = Workload.open(dir, "ASYNC", Map.of())) {
            for (long i = 0; i < records; i++) {
                stores.productionLog().append(record(random, i, t0.plusNanos(i * spacingMicros * 1000)));
            }
        }
        long bytes = 0;
        for (Path p : segments(dir)) {
            bytes += Files.size(p);
        }
        System.out.printf(Locale.ROOT, "generated %,d records, %,d bytes (%.0f bytes/record) in %.1f s%n", records, bytes,
            (double) bytes / Math.max(1, records), (System.nanoTime() - start) / 1e9);
    }

    /**
     * One served card identification: 50% base arm, 45% candidate, 5% fallback; corrected 20% on the
     * base model and 8% on the fine-tuned one; latency log-normal around 900 ms with a long tail.
     */
    static ProductionRecord record(SplittableRandom random, long i, Instant at) {
        int armDraw = random.nextInt(100);
        Arm arm = armDraw < 50 ? Arm.BASE : armDraw < 95 ? Arm.CANDIDATE : Arm.FALLBACK;
        String model = arm == Arm.CANDIDATE ? TUNED : BASE;
        String player = PLAYERS[random.nextInt(PLAYERS.length)];
        Map<String, Object> prediction = new LinkedHashMap<>();
        prediction.put("player", player);
        prediction.put("year", Integer.toString(1950 + random.nextInt(75)));
        prediction.put("brand", BRANDS[random.nextInt(BRANDS.length)]);
        prediction.put("card_number", Integer.toString(1 + random.nextInt(700)));
        prediction.put("grading_company", "PSA");
        prediction.put("grade", Integer.toString(5 + random.nextInt(6)));
        prediction.put("cert_number", Long.toString(40_000_000L + random.nextInt(50_000_000)));
        ProductionRecord.Builder b = ProductionRecord.builder()
            .id(Long.toHexString(0x100000000000L + i))
            .timestamp(at)
            .task(TaskName.CARD_IDENTIFICATION)
            .modelId(model)
            .arm(arm)
            .subject("user-" + random.nextInt(50_000))
            .prediction(prediction)
            .latencyMillis(random.nextInt(50) == 0 ? null : latency(random))
            .usage(new TokenUsage(380 + random.nextInt(60), 40 + random.nextInt(30)));
        if (random.nextInt(4) == 0) {
            b.rating(1 + random.nextInt(5));
        }
        int rate = arm == Arm.CANDIDATE ? 8 : 20;
        if (random.nextInt(100) < rate) {
            String field = random.nextInt(3) == 0 ? "year" : random.nextInt(2) == 0 ? "card_number" : "grade";
            b.putCorrection(field, field.equals("year") ? "1986" : "7");
            b.correctedFields(List.of(field));
        } else {
            b.correctedFields(List.of());
        }
        return b.build();
    }

    private static long latency(SplittableRandom random) {
        double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        return Math.max(50, Math.round(Math.exp(Math.log(900) + 0.6 * gaussian)));
    }

    static List<Path> segments(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("evaluation_results"),
            "production_log_202611*.jsonl")) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    // ---- run

    /** The numbers both engines produce for one group, keyed {@code model|arm} ({@code arm} "*" for all). */
    record Row(long records, long corrected, Map<String, Long> fields, long ratings, long ratingSum, long prompt,
        long completion, long latencies, long[] percentiles) {
    }

    static void run(Path dir, int rounds, List<String> engines) throws Exception {
        List<Path> files = segments(dir);
        long bytes = 0;
        for (Path p : files) {
            bytes += Files.size(p);
        }
        System.out.printf(Locale.ROOT, "%d files, %,d bytes; %d cores, max heap %d MB, %s%n", files.size(), bytes,
            Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
            System.getProperty("java.vm.version"));
        HeapWatch heap = new HeapWatch();
        try (Stores stores = Workload.open(dir, "ASYNC", Map.of());
             SlabMl ml = Workload.slabMl(stores, dir, Workload.noInference(), Map.of())) {
            ModelEvaluator evaluator = ml.evaluator();
            Map<String, Row> slab = null;
            Map<String, Row> duck = null;
            long error = 0;
            for (int round = 1; round <= rounds; round++) {
                if (engines.contains("slabml")) {
                    System.gc();
                    heap.reset();
                    Timer t = Timer.start();
                    MonthlyAnalysis a = evaluator.analyzeMonth(MONTH);
                    t.stop();
                    System.gc();
                    slab = rows(a);
                    error = a.perModelAndArm().stream().mapToLong(ModelMonthStats::latencyErrorMillis).max().orElse(0);
                    System.out.printf(Locale.ROOT, "round %d slabml: %,d records in %.2f s wall, %.2f s CPU, "
                            + "%,.0f records/s; heap after GC: max %.1f MB during, %.1f MB after; skipped %d, "
                            + "latency error bound %d ms%n", round, a.totalPredictions(), t.wallSeconds(), t.cpuSeconds(),
                        a.totalPredictions() / t.wallSeconds(), heap.maxAfterGcBytes() / 1e6, heap.usedNowBytes() / 1e6,
                        a.skippedRecords(), error);
                }
                if (engines.contains("duckdb")) {
                    Timer t = Timer.start();
                    duck = duckDb(dir);
                    t.stop();
                    long n = duck.entrySet().stream().filter(e -> e.getKey().endsWith("|*"))
                        .mapToLong(e -> e.getValue().records()).sum();
                    System.out.printf(Locale.ROOT, "round %d duckdb: %,d records in %.2f s wall, %.2f s CPU, "
                        + "%,.0f records/s%n", round, n, t.wallSeconds(), t.cpuSeconds(), n / t.wallSeconds());
                }
            }
            if (slab != null && duck != null) {
                compare(slab, duck, error);
            }
            if (slab != null) {
                slab.forEach((k, r) -> System.out.printf(Locale.ROOT, "  %-60s %,12d corrected %,10d p50/p90/p95/p99 %d/%d/%d/%d%n",
                    k, r.records(), r.corrected(), r.percentiles()[0], r.percentiles()[1], r.percentiles()[2],
                    r.percentiles()[3]));
            }
        }
    }

    static Map<String, Row> rows(MonthlyAnalysis a) {
        Map<String, Row> out = new TreeMap<>();
        List<ModelMonthStats> all = new ArrayList<>(a.perModelAndArm());
        all.addAll(a.perModel());
        for (ModelMonthStats s : all) {
            long prompt = s.promptTokens();
            out.put(s.model() + "|" + (s.arm() == null ? "*" : s.arm().value()), new Row(s.volume(),
                s.correctionRate().successes(), new TreeMap<>(s.mostCorrectedFields()), s.ratings(),
                Math.round(s.averageRating() * s.ratings()), prompt, s.completionTokens(), -1,
                new long[] {s.latencyP50Millis(), s.latencyP90Millis(), s.latencyP95Millis(), s.latencyP99Millis()}));
        }
        return out;
    }

    /** The same aggregates in DuckDB: one scan of the files into a table of the columns used, then two queries. */
    static Map<String, Row> duckDb(Path dir) throws SQLException {
        String glob = dir.toAbsolutePath().resolve("evaluation_results").resolve("production_log_202611*.jsonl").toString();
        Map<String, Row> out = new TreeMap<>();
        Map<String, Map<String, Long>> fields = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
            s.execute("SET preserve_insertion_order = false");
            s.execute("CREATE TEMP TABLE p AS SELECT model_id, arm, corrected, corrected_fields, rating, latency_ms, "
                + "usage.prompt_tokens AS prompt_tokens, usage.completion_tokens AS completion_tokens FROM read_json('"
                + glob.replace("'", "''") + "', format = 'newline_delimited', ignore_errors = true, columns = {"
                + "model_id: 'VARCHAR', arm: 'VARCHAR', corrected: 'BOOLEAN', corrected_fields: 'VARCHAR[]', "
                + "rating: 'INTEGER', latency_ms: 'BIGINT', "
                + "usage: 'STRUCT(prompt_tokens BIGINT, completion_tokens BIGINT)'})");
            try (ResultSet r = s.executeQuery("SELECT model_id, coalesce(arm, '*'), f, count(*) FROM "
                + "(SELECT model_id, arm, unnest(corrected_fields) AS f FROM p WHERE corrected) "
                + "GROUP BY GROUPING SETS ((model_id, arm, f), (model_id, f))")) {
                while (r.next()) {
                    fields.computeIfAbsent(r.getString(1) + "|" + r.getString(2), k -> new TreeMap<>())
                        .put(r.getString(3), r.getLong(4));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT model_id, coalesce(arm, '*'), count(*), count_if(corrected), "
                + "count(rating), coalesce(sum(rating), 0), coalesce(sum(prompt_tokens), 0), "
                + "coalesce(sum(completion_tokens), 0), count(latency_ms), "
                + "percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms), "
                + "percentile_disc(0.9) WITHIN GROUP (ORDER BY latency_ms), "
                + "percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms), "
                + "percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) "
                + "FROM p GROUP BY GROUPING SETS ((model_id, arm), (model_id))")) {
                while (r.next()) {
                    String key = r.getString(1) + "|" + r.getString(2);
                    out.put(key, new Row(r.getLong(3), r.getLong(4), fields.getOrDefault(key, Map.of()), r.getLong(5),
                        r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9),
                        new long[] {r.getLong(10), r.getLong(11), r.getLong(12), r.getLong(13)}));
                }
            }
        }
        return out;
    }

    static void compare(Map<String, Row> slab, Map<String, Row> duck, long error) {
        List<String> problems = new ArrayList<>();
        if (!slab.keySet().equals(duck.keySet())) {
            problems.add("groups differ: " + slab.keySet() + " vs " + duck.keySet());
        }
        long maxDiff = 0;
        for (Map.Entry<String, Row> e : slab.entrySet()) {
            Row a = e.getValue();
            Row b = duck.get(e.getKey());
            if (b == null) {
                continue;
            }
            if (a.records() != b.records() || a.corrected() != b.corrected() || !a.fields().equals(b.fields())
                || a.ratings() != b.ratings() || a.ratingSum() != b.ratingSum() || a.prompt() != b.prompt()
                || a.completion() != b.completion()) {
                problems.add(e.getKey() + ": counts differ");
            }
            for (int i = 0; i < 4; i++) {
                long d = Math.abs(a.percentiles()[i] - b.percentiles()[i]);
                maxDiff = Math.max(maxDiff, d);
                if (d > error) {
                    problems.add(e.getKey() + ": percentile " + i + " differs by " + d + " ms, more than the bound " + error);
                }
            }
        }
        System.out.println(problems.isEmpty()
            ? "agreement: every count, sum and per-field count equal; percentiles differ by at most " + maxDiff
                + " ms (stated bound " + error + " ms)"
            : "DISAGREEMENT: " + problems);
    }

    /** Wall and process CPU time. */
    static final class Timer {
        private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long wall0 = System.nanoTime();
        private final long cpu0 = OS.getProcessCpuTime();
        private long wall;
        private long cpu;

        static Timer start() {
            return new Timer();
        }

        void stop() {
            wall = System.nanoTime() - wall0;
            cpu = OS.getProcessCpuTime() - cpu0;
        }

        double wallSeconds() {
            return wall / 1e9;
        }

        double cpuSeconds() {
            return cpu / 1e9;
        }
    }

    /** The most heap in use right after a garbage collection, from the collectors' notifications. */
    static final class HeapWatch {
        private final AtomicLong max = new AtomicLong();

        HeapWatch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    CompositeData info = (CompositeData) ((CompositeData) n.getUserData()).get("gcInfo");
                    com.sun.management.GcInfo gcInfo = com.sun.management.GcInfo.from(info);
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> e : gcInfo.getMemoryUsageAfterGc().entrySet()) {
                        if (isHeap(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    long u = used;
                    max.accumulateAndGet(u, Math::max);
                }, null, null);
            }
        }

        private static boolean isHeap(String pool) {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                .anyMatch(p -> p.getName().equals(pool) && p.getType() == java.lang.management.MemoryType.HEAP);
        }

        void reset() {
            max.set(0);
        }

        long maxAfterGcBytes() {
            return max.get();
        }

        long usedNowBytes() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
