/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import com.slabstak.slabml.Sample;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.TrainingDataCollector;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.observe.StoreStats;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Stores;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole-process benchmark of the collection store (one JVM, one run, every number in one table):
 *
 * <ol>
 * <li>caller latency of one {@code SampleStore.append} under {@code ASYNC} (what a collect call pays
 *     for storage), paced at a steady rate, every call timed with {@code System.nanoTime};</li>
 * <li>sustained records per second for {@code ASYNC}, {@code BATCH} and {@code SYNC}, measured until the
 *     store is closed (queue drained and forced), and for {@code BATCH} acknowledged through
 *     {@code appendAsync} futures, counted as they are acknowledged;</li>
 * <li>the simple approach on the same disk: per sample open the file, append one JSON line, close;
 *     once without and once with a force to disk per sample.</li>
 * </ol>
 *
 * {@code java -cp examples/benchmarks/target/benchmarks.jar com.slabstak.slabml.examples.benchmarks.CollectionStoreBenchmark}
 *
 * <p>Options: {@code --dir <path>} (default {@code target/bench-data}), {@code --seconds <n>} per
 * throughput run (default 5), {@code --latency-seconds <n>} (default 10), {@code --rate <calls/s>}
 * for the latency run (default 50000), {@code --threads <n>} callers for BATCH, SYNC and the simple
 * approach (default 16), {@code --many-threads <n>} for a second BATCH and simple-with-force run
 * (default 128), {@code --window <n>} records in flight per caller when acknowledged through
 * {@code appendAsync} (default 1024).
 */
public final class CollectionStoreBenchmark {
    private final Path parent;
    private final double seconds;
    private final double latencySeconds;
    private final int rate;
    private final int threads;
    private final int manyThreads;
    private final int window;
    private final Sample[] pool = Workload.samples(4096);
    /** The same samples as a service hands them to the collector: no id, no time. */
    private final Sample[] unstamped = java.util.Arrays.stream(pool)
        .map(p -> p.toBuilder().id(null).createdAt(null).build()).toArray(Sample[]::new);
    private final Map<String, String> rows = new LinkedHashMap<>();
    /** What a service would hand its JSON to. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private CollectionStoreBenchmark(Path parent, double seconds, double latencySeconds, int rate, int threads,
        int manyThreads, int window) {
        this.manyThreads = manyThreads;
        this.window = window;
        this.parent = parent;
        this.seconds = seconds;
        this.latencySeconds = latencySeconds;
        this.rate = rate;
        this.threads = threads;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        CollectionStoreBenchmark b = new CollectionStoreBenchmark(
            Path.of(opts.getOrDefault("--dir", "target/bench-data")),
            Double.parseDouble(opts.getOrDefault("--seconds", "5")),
            Double.parseDouble(opts.getOrDefault("--latency-seconds", "10")),
            Integer.parseInt(opts.getOrDefault("--rate", "50000")),
            Integer.parseInt(opts.getOrDefault("--threads", "16")),
            Integer.parseInt(opts.getOrDefault("--many-threads", "128")),
            Integer.parseInt(opts.getOrDefault("--window", "1024")));
        b.run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "java %s (%s), %s %s, %d available processors, data in %s%n",
            System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
            System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), parent.toAbsolutePath());

        // Warm-up: JIT the store's and the simple approach's paths.
        double warmUp = Math.min(2.0, seconds);
        throughput("ASYNC", 1, warmUp, false);
        acknowledged(1, warmUp / 2, window, true, false);
        simple(false, 1, warmUp / 2, false);

        latency("ASYNC", rate, latencySeconds);
        latency("BATCH", 2_000, Math.min(3.0, latencySeconds));

        double async = throughput("ASYNC", 1, seconds, true);
        int cores = Runtime.getRuntime().availableProcessors();
        double asyncCores = cores > 1 ? throughput("ASYNC", cores, seconds, true) : async;
        double simpleNoForce = simple(false, 1, seconds, true);
        double simpleNoForceCores = cores > 1 ? simple(false, cores, seconds, true) : simpleNoForce;
        double simpleNoForceThreads = simple(false, threads, seconds, true);
        double batch = throughput("BATCH", threads, seconds, true);
        double batchMany = throughput("BATCH", manyThreads, seconds, true);
        double sync = throughput("SYNC", threads, seconds, true);
        double acknowledgedOne = acknowledged(1, seconds, window, false, true);
        double collectedOne = acknowledged(1, seconds, window, true, true);
        double acknowledgedThreads = acknowledged(threads, seconds, window, false, true);
        double simpleForce = simple(true, threads, seconds, true);
        double simpleForceMany = simple(true, manyThreads, seconds, true);
        double simpleForceOne = simple(true, 1, seconds, true);

        System.out.println();
        System.out.println("| measurement | result |");
        System.out.println("|---|---|");
        rows.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
        System.out.printf(Locale.ROOT, "| ASYNC / simple without force (1 thread each) | %.1fx |%n", async / simpleNoForce);
        System.out.printf(Locale.ROOT, "| ASYNC / simple without force (%d threads) | %.1fx |%n", threads,
            async / simpleNoForceThreads);
        System.out.printf(Locale.ROOT, "| ASYNC (%d callers) / simple without force (%d threads) | %.1fx |%n", cores, cores,
            asyncCores / simpleNoForceCores);
        System.out.printf(Locale.ROOT, "| ASYNC (%d callers) / simple without force (%d threads) | %.1fx |%n", cores, threads,
            asyncCores / simpleNoForceThreads);
        System.out.printf(Locale.ROOT, "| BATCH / simple with force (%d threads each) | %.1fx |%n", threads, batch / simpleForce);
        System.out.printf(Locale.ROOT, "| BATCH / simple with force (%d threads each) | %.1fx |%n", manyThreads,
            batchMany / simpleForceMany);
        System.out.printf(Locale.ROOT, "| BATCH (%d threads) / simple with force (1 thread) | %.1fx |%n", threads,
            batch / simpleForceOne);
        System.out.printf(Locale.ROOT, "| BATCH (%d threads) / simple with force (1 thread) | %.1fx |%n", manyThreads,
            batchMany / simpleForceOne);
        System.out.printf(Locale.ROOT, "| SYNC / simple with force (%d threads each) | %.1fx |%n", threads, sync / simpleForce);
        System.out.printf(Locale.ROOT, "| BATCH acknowledged through appendAsync / simple with force (1 thread each) | %.1fx |%n",
            acknowledgedOne / simpleForceOne);
        System.out.printf(Locale.ROOT, "| BATCH acknowledged through collectAsync / simple with force (1 thread each) | %.1fx |%n",
            collectedOne / simpleForceOne);
        System.out.printf(Locale.ROOT, "| BATCH acknowledged through appendAsync / simple with force (%d threads each) | %.1fx |%n",
            threads, acknowledgedThreads / simpleForce);
        Workload.delete(parent);
    }

    /** Times every append of one caller thread, paced at {@code callsPerSecond}. */
    private void latency(String durability, int callsPerSecond, double duration) throws Exception {
        Path dir = Workload.freshDirectory(parent, "latency-" + durability.toLowerCase(Locale.ROOT));
        long interval = 1_000_000_000L / callsPerSecond;
        int expected = (int) (callsPerSecond * duration);
        Percentiles p = new Percentiles(expected + 1);
        try (Stores stores = Workload.open(dir, durability, Map.of())) {
            SampleStore samples = stores.samples();
            long next = System.nanoTime();
            for (int i = 0; i < expected; i++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                next += interval;
                long t0 = System.nanoTime();
                samples.append(Workload.unique(pool[i & (pool.length - 1)]));
                p.record(System.nanoTime() - t0);
            }
        }
        String what = durability + " caller latency, 1 thread at " + callsPerSecond + " calls/s, " + p.size() + " calls";
        rows.put(what, String.format(Locale.ROOT, "median %s, p99 %s, p99.9 %s, max %s",
            Percentiles.micros(p.at(0.5)), Percentiles.micros(p.at(0.99)), Percentiles.micros(p.at(0.999)),
            Percentiles.micros(p.at(1.0))));
        System.out.println(what + ": " + rows.get(what));
    }

    /** Records per second with {@code callers} threads appending flat out, until the store is closed. */
    private double throughput(String durability, int callers, double duration, boolean report) throws Exception {
        Path dir = Workload.freshDirectory(parent, "throughput-" + durability.toLowerCase(Locale.ROOT));
        Workload.SampleStoreStats stats = new Workload.SampleStoreStats();
        Stores stores = Workload.open(dir, durability, Map.of(), stats);
        SampleStore samples = stores.samples();
        long start = System.nanoTime();
        long deadline = start + (long) (duration * 1e9);
        List<Thread> workers = new ArrayList<>();
        java.util.concurrent.atomic.LongAdder callerCpu = new java.util.concurrent.atomic.LongAdder();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int t = 0; t < callers; t++) {
            int offset = t * 997;
            Thread w = new Thread(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime();
                int i = offset;
                while (System.nanoTime() < deadline) {
                    samples.append(Workload.unique(pool[i++ & (pool.length - 1)]));
                }
                callerCpu.add(mx.getCurrentThreadCpuTime() - cpu0);
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        while (stats.get().queueDepth() > 0) {
            Thread.onSpinWait();
        }
        long drained = System.nanoTime() - start;
        long writerCpu = writerCpuNanos();
        stores.close();
        long closed = System.nanoTime() - start;
        StoreStats c = stats.get();
        double perSecond = c.written() / (drained / 1e9);
        if (report) {
            String what = durability + " sustained, " + callers + " caller thread" + (callers == 1 ? "" : "s");
            rows.put(what, String.format(Locale.ROOT, "%,.0f records/s until every record was written "
                + "(%,.0f/s counting the final force in close()); %,d records, %,d batches, %,d forces, %d rejected",
                perSecond, c.written() / (closed / 1e9), c.written(), c.batches(), c.forces(), c.rejected())
                + String.format(Locale.ROOT, "; CPU per record: writer thread %.2f µs, caller threads %.2f µs",
                    writerCpu / 1e3 / c.written(), callerCpu.sum() / 1e3 / c.written()));
            System.out.println(what + ": " + rows.get(what));
        }
        return perSecond;
    }

    /**
     * {@code BATCH} with the acknowledgement as a future ({@code SampleStore.appendAsync}): each caller
     * thread appends flat out with at most {@code window} records waiting for their acknowledgement
     * (what a service has in flight when it answers each request once its sample is on disk). The rate
     * counts acknowledged records only, until the last one was acknowledged.
     */
    private double acknowledged(int callers, double duration, int window, boolean throughCollector, boolean report)
            throws Exception {
        Path dir = Workload.freshDirectory(parent, "acknowledged");
        Workload.SampleStoreStats stats = new Workload.SampleStoreStats();
        Stores stores = Workload.open(dir, "BATCH", Map.of(), stats);
        SampleStore samples = stores.samples();
        // Through the collector: each sample is checked by its task and gets a random id and the time.
        SlabMl ml = Workload.slabMl(stores, dir, Workload.noInference(),
            Map.of("slabml.fine_tuning.base_model", "gpt-4o-mini-2024-07-18"));
        TrainingDataCollector collector = ml.collector();
        java.util.function.IntFunction<CompletableFuture<?>> submit = throughCollector
            ? i -> collector.collectAsync(unstamped[i & (unstamped.length - 1)])
            : i -> samples.appendAsync(Workload.unique(pool[i & (pool.length - 1)]));
        java.util.concurrent.atomic.LongAdder acks = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder failures = new java.util.concurrent.atomic.LongAdder();
        Percentiles ackLatency = new Percentiles(2_000_000);
        java.util.concurrent.atomic.LongAdder callerCpu = new java.util.concurrent.atomic.LongAdder();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long deadline = start + (long) (duration * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            int offset = t * 997;
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(window);
            Thread w = new Thread(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime();
                int i = offset;
                while (System.nanoTime() < deadline) {
                    inFlight.acquireUninterruptibly();
                    boolean timed = (i & 63) == 0;
                    long t0 = timed ? System.nanoTime() : 0;
                    submit.apply(i++).whenComplete((ok, failure) -> {
                        if (failure != null) {
                            failures.increment();
                        } else {
                            acks.increment();
                        }
                        if (timed) {
                            long took = System.nanoTime() - t0;
                            synchronized (ackLatency) {
                                ackLatency.record(took);
                            }
                        }
                        inFlight.release();
                    });
                }
                callerCpu.add(mx.getCurrentThreadCpuTime() - cpu0);
                inFlight.acquireUninterruptibly(window);
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - start;
        long writerCpu = writerCpuNanos();
        StoreStats c = stats.get();
        ml.close();
        stores.close();
        double perSecond = acks.sum() / (elapsed / 1e9);
        if (failures.sum() > 0 || acks.sum() != c.written()) {
            throw new IllegalStateException("acknowledged " + acks.sum() + ", failed " + failures.sum() + ", store " + c);
        }
        if (report) {
            String what = "BATCH acknowledged through " + (throughCollector ? "collectAsync" : "appendAsync") + ", "
                + callers + " caller thread" + (callers == 1 ? "" : "s") + ", up to " + window + " in flight each";
            rows.put(what, String.format(Locale.ROOT, "%,.0f records/s acknowledged (written and forced); %,d records, "
                + "%,d batches, %,d forces, %d rejected; time to acknowledgement median %s, p99 %s; CPU per record: "
                + "writer thread %.2f µs, caller threads %.2f µs",
                perSecond, c.written(), c.batches(), c.forces(), c.rejected(),
                Percentiles.micros(ackLatency.at(0.5)), Percentiles.micros(ackLatency.at(0.99)),
                writerCpu / 1e3 / c.written(), callerCpu.sum() / 1e3 / c.written()));
            System.out.println(what + ": " + rows.get(what));
        }
        return perSecond;
    }

    /** CPU time used so far by the samples store's writer thread (the one store open at a time). */
    private static long writerCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("slabml-store-writer-samples")) {
                return mx.getThreadCpuTime(t.getId());
            }
        }
        return -1;
    }

    /** The simple approach: per sample open, append one JSON line, close (and force, if asked). */
    private double simple(boolean force, int callers, double duration, boolean report) throws Exception {
        Path dir = Workload.freshDirectory(parent, "simple-" + force);
        Path file = dir.resolve("card_identification.jsonl");
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + (long) (duration * 1e9);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            int offset = t * 997;
            Thread w = new Thread(() -> {
                int i = offset;
                long n = 0;
                try {
                    while (System.nanoTime() < deadline) {
                        Sample s = Workload.unique(pool[i++ & (pool.length - 1)]);
                        byte[] line = (JSON.writeValueAsString(Workload.asMap(s)) + "\n").getBytes(StandardCharsets.UTF_8);
                        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                            ch.write(ByteBuffer.wrap(line));
                            if (force) {
                                ch.force(false);
                            }
                        }
                        n++;
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
                count.addAndGet(n);
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("simple approach failed", failures.get(0));
        }
        long elapsed = System.nanoTime() - start;
        double perSecond = count.get() / (elapsed / 1e9);
        if (report) {
            String what = "simple open-append-close " + (force ? "with" : "without") + " force, " + callers
                + " thread" + (callers == 1 ? "" : "s");
            rows.put(what, String.format(Locale.ROOT, "%,.0f records/s (%,d records, %d bytes on disk)", perSecond,
                count.get(), Files.size(file)));
            System.out.println(what + ": " + rows.get(what));
        }
        return perSecond;
    }
}
