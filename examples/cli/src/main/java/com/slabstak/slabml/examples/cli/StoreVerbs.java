/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.postgres.PostgresStoreProvider;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.StoreProvider;
import com.slabstak.slabml.spi.Stores;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code slabml store ...}: moving a data directory to another store. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Work on the stores themselves.",
    subcommands = StoreVerbs.Copy.class)
final class StoreVerbs implements Runnable {
    @ParentCommand
    SlabMlCli root;

    @Override
    public void run() {
        throw new InvalidInputException("verb", "missing: slabml store copy --from file --to postgres");
    }

    /**
     * {@code slabml store copy --from file --to postgres}: copies a file data directory into
     * PostgreSQL. Samples and production records carry ids the database stores once, so a copy that
     * stopped half-way is resumed by running it again; the registry's events and versions and the
     * jobs are copied where the database lacks them. It ends by comparing, per task and per month,
     * the counts and a checksum of the records on both sides.
     */
    @Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy a file data directory into PostgreSQL; run it again to resume. Verified by counts and "
            + "checksums per task and per month.",
            "The database comes from slabml.postgres.url, user, password (SLABML_POSTGRES_URL, ...); "
                + "the password is never taken on the command line."})
    static final class Copy implements java.util.concurrent.Callable<Integer> {
        private static final Pattern TASK_FILE = Pattern.compile("([a-z0-9_]+)(\\.\\d{6})?\\.jsonl");
        private static final Pattern TASK_FIELD = Pattern.compile("\"task\"\\s*:\\s*\"([^\"]+)\"");
        private static final int IN_FLIGHT = 8_192;

        @ParentCommand
        StoreVerbs store;

        @Option(names = "--from", required = true, description = "Source store: file.")
        String from;

        @Option(names = "--to", required = true, description = "Target store: postgres.")
        String to;

        @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the file store (default: SLABML_DATA_DIR, else ./slabml-data).")
        Path dataDir;

        @Option(names = "--url", description = "JDBC URL (default: slabml.postgres.url).")
        String url;

        @Option(names = "--user", description = "User (default: slabml.postgres.user).")
        String user;

        @Option(names = "--schema", description = "Schema (default: slabml.postgres.schema, else slabml).")
        String schema;

        @Mixin
        Progress.Options progress = new Progress.Options();

        @Override
        public Integer call() {
            if (!from.equals("file")) {
                throw new InvalidInputException("--from", "only 'file' can be copied from, was '" + from + "'");
            }
            if (!to.equals("postgres")) {
                throw new InvalidInputException("--to", "only 'postgres' can be copied to, was '" + to + "'");
            }
            CliEnvironment env = store.root.environment();
            Path dir = dataDir != null ? dataDir : Path.of(value(env, "slabml.data.dir").orElse("slabml-data"));
            if (!Files.isDirectory(dir)) {
                throw new InvalidInputException("--data-dir", "no such data directory: " + dir);
            }
            Map<String, String> target = new LinkedHashMap<>();
            for (String key : List.of("url", "user", "password", "schema", "pool_size")) {
                value(env, "slabml.postgres." + key).ifPresent(v -> target.put("slabml.postgres." + key, v));
            }
            if (url != null) {
                target.put("slabml.postgres.url", url);
            }
            if (user != null) {
                target.put("slabml.postgres.user", user);
            }
            if (schema != null) {
                target.put("slabml.postgres.schema", schema);
            }
            target.put("slabml.store.samples.durability", "BATCH");
            // Batched in the background; the checksums read back what was written.
            target.put("slabml.store.production_log.durability", "ASYNC");
            PrintWriter out = env.out();
            try (Stores source = fileStores(dir, env);
                 Stores dest = new PostgresStoreProvider().create(ProviderContext.of(SlabMlConfig.of(target), dir,
                     env.clock()))) {
                List<String[]> rows = new ArrayList<>();
                boolean same = true;
                for (TaskName task : tasks(dir)) {
                    Progress bar = Progress.on(env, progress, "copy samples " + task.value(), "samples");
                    bar.start(source.samples().count(task));
                    same &= report(rows, "samples " + task.value(), copySamples(source, dest, task, bar),
                        checksumSamples(dest, task));
                }
                for (YearMonth month : source.productionLog().months()) {
                    Progress bar = Progress.on(env, progress, "copy production log " + month, "records");
                    bar.start(0);
                    same &= report(rows, "production log " + month, copyMonth(source, dest, month, bar),
                        checksumMonth(dest, month));
                }
                same &= report(rows, "registry events", copyEvents(source, dest), sum(dest.registry().events()));
                same &= report(rows, "registry versions", copyVersions(source, dest), sum(dest.registry().versions()));
                for (TrackedJob j : source.jobs().list()) {
                    dest.jobs().save(j);
                }
                same &= report(rows, "jobs", sum(source.jobs().list()), sum(dest.jobs().list()));
                out.printf(Locale.ROOT, "%-40s %12s %12s  %s%n", "what", "source", "postgres", "checksums");
                for (String[] r : rows) {
                    out.printf(Locale.ROOT, "%-40s %12s %12s  %s%n", (Object[]) r);
                }
                out.println(same ? "copied and verified: counts and checksums agree"
                    : "NOT verified: counts or checksums differ (run the copy again to resume)");
                return same ? ExitCodes.OK : ExitCodes.OTHER;
            }
        }

        /** A count and an order-independent checksum of records, by their value. */
        private record Tally(long count, long checksum) {
        }

        private static boolean report(List<String[]> rows, String what, Tally source, Tally target) {
            boolean same = source.equals(target);
            rows.add(new String[] {what, Long.toString(source.count()), Long.toString(target.count()),
                same ? "equal" : "DIFFER"});
            return same;
        }

        private static Tally copySamples(Stores source, Stores dest, TaskName task, Progress bar) {
            try (Stream<Sample> s = source.samples().read(task)) {
                return pipe(s, dest.samples()::appendAsync, Sample::hashCode, bar);
            }
        }

        private static Tally copyMonth(Stores source, Stores dest, YearMonth month, Progress bar) {
            try (Stream<ProductionRecord> s = source.productionLog().read(month)) {
                return pipe(s, r -> {
                    dest.productionLog().append(r);
                    return CompletableFuture.completedFuture(null);
                }, r -> unjudged(r).hashCode(), bar);
            }
        }

        /** Writes every record with at most {@link #IN_FLIGHT} unacknowledged; returns the source's tally. */
        private static <T> Tally pipe(Stream<T> records, java.util.function.Function<T, CompletableFuture<Void>> write,
                                      java.util.function.ToIntFunction<T> hash, Progress bar) {
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] tally = new long[2];
            records.forEach(r -> {
                if (failure.get() != null) {
                    return;
                }
                tally[0]++;
                tally[1] += mix(hash.applyAsInt(r));
                bar.advance(tally[0]);
                inFlight.acquireUninterruptibly();
                write.apply(r).whenComplete((ok, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    inFlight.release();
                });
            });
            inFlight.acquireUninterruptibly(IN_FLIGHT);
            bar.finish();
            if (failure.get() != null) {
                Throwable e = failure.get() instanceof ExecutionException ? failure.get().getCause() : failure.get();
                throw e instanceof StoreException ? (StoreException) e
                    : new StoreException("copy failed: " + e.getMessage(), e);
            }
            return new Tally(tally[0], tally[1]);
        }

        private static Tally checksumSamples(Stores dest, TaskName task) {
            try (Stream<Sample> s = dest.samples().read(task)) {
                return tally(s);
            }
        }

        private static Tally checksumMonth(Stores dest, YearMonth month) {
            try (Stream<ProductionRecord> s = dest.productionLog().read(month)) {
                return tally(s.map(Copy::unjudged));
            }
        }

        /**
         * The database stores which fields were judged corrected, computed for records the files kept
         * without a judgement: records are compared without it.
         */
        private static ProductionRecord unjudged(ProductionRecord r) {
            return r.toBuilder().correctedFields(null).build();
        }

        private static Tally copyEvents(Stores source, Stores dest) {
            List<DeploymentEvent> have = dest.registry().events();
            List<DeploymentEvent> all = source.registry().events();
            requirePrefix("registry events", have, all);
            all.subList(have.size(), all.size()).forEach(dest.registry()::appendEvent);
            return sum(all);
        }

        private static Tally copyVersions(Stores source, Stores dest) {
            List<ModelVersion> have = dest.registry().versions();
            List<ModelVersion> all = source.registry().versions();
            requirePrefix("registry versions", have, all);
            all.subList(have.size(), all.size()).forEach(dest.registry()::appendVersion);
            return sum(all);
        }

        /** A resumed copy finds what it copied before; anything else means another registry is there. */
        private static <T> void requirePrefix(String what, List<T> have, List<T> all) {
            if (have.size() > all.size() || !all.subList(0, have.size()).equals(have)) {
                throw new InvalidInputException("--to", "the database already holds " + what + " that are not this "
                    + "data directory's; copy into an empty schema (--schema)");
            }
        }

        private static <T> Tally sum(List<T> records) {
            return tally(records.stream());
        }

        private static <T> Tally tally(Stream<T> records) {
            long[] t = new long[2];
            records.forEach(r -> {
                t[0]++;
                t[1] += mix(r.hashCode());
            });
            return new Tally(t[0], t[1]);
        }

        /** Spreads a hash over 64 bits (the finaliser of MurmurHash3), so sums of them collide rarely. */
        private static long mix(int hash) {
            long h = hash * 0x9E3779B97F4A7C15L;
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            return h;
        }

        /** The tasks with samples: the files of {@code training_data/} and the tasks of the corrections. */
        private static List<TaskName> tasks(Path dir) {
            TreeSet<String> names = new TreeSet<>();
            Path data = dir.resolve("training_data");
            if (Files.isDirectory(data)) {
                try (Stream<Path> files = Files.list(data)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        Matcher m = TASK_FILE.matcher(p.getFileName().toString());
                        if (!m.matches()) {
                            continue;
                        }
                        if (!m.group(1).equals("user_corrections")) {
                            names.add(m.group(1));
                            continue;
                        }
                        try (Stream<String> lines = Files.lines(p)) {
                            lines.forEach(line -> {
                                Matcher t = TASK_FIELD.matcher(line);
                                if (t.find()) {
                                    names.add(t.group(1));
                                }
                            });
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("listing " + data + " failed", e);
                }
            }
            List<TaskName> out = new ArrayList<>();
            names.forEach(n -> out.add(TaskName.of(n)));
            return out;
        }

        private static Stores fileStores(Path dir, CliEnvironment env) {
            for (StoreProvider p : ServiceLoader.load(StoreProvider.class, Copy.class.getClassLoader())) {
                if (p.name().equals("file")) {
                    return p.create(ProviderContext.of(SlabMlConfig.of(Map.of()), dir, env.clock()));
                }
            }
            throw new IllegalStateException("the file store provider is not on the class path");
        }

        /** A key from the system properties, else its environment variable ({@code SLABML_POSTGRES_URL}). */
        private static java.util.Optional<String> value(CliEnvironment env, String key) {
            String v = env.systemProperties().get(key);
            if (v == null) {
                v = env.env().get(key.toUpperCase(Locale.ROOT).replace('.', '_'));
            }
            return java.util.Optional.ofNullable(v).filter(s -> !s.isBlank());
        }
    }
}
