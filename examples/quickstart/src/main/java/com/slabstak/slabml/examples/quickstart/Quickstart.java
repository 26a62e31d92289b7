/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.quickstart;

import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.ManualClock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs the whole fine-tuning loop of the seed's workflow on the embedded default: file stores under
 * a data directory, and the simulator's backends ({@code simulated}) unless
 * run with {@code --live} and {@code OPENAI_API_KEY} (then {@code openai}). It collects, and the
 * improvement loop ({@code SlabMl.loop()}) takes it from there: it freezes a held-out set, exports,
 * uploads, fine-tunes, evaluates the candidate against the base model, applies the promotion gate
 * (approved here), and rolls out 20% → 50% → 100% with the guardrail while the quickstart serves
 * traffic and tracks the users' feedback; then the monthly report.
 * Exits 0 only when the fine-tuned model beats the base model significantly on held-out data.
 *
 * {@code java -jar examples/quickstart/target/slabml-quickstart.jar [data-directory]}
 */
public final class Quickstart {
    /** How often the quickstart asks OpenAI about its job, at first and at most (with back-off). */
    static final Duration OPENAI_POLL_INTERVAL = Duration.ofSeconds(10);
    static final Duration OPENAI_MAX_POLL_INTERVAL = Duration.ofSeconds(60);

    /** The data directory when none is given. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("slabml-data-quickstart");
    /** A file that marks a directory as the quickstart's own, so starting clean never deletes anything else. */
    static final String MARKER = ".slabml-quickstart";

    private Quickstart() {
    }

    /** The environment variable that, set to {@code true}, runs the quickstart against OpenAI ({@code --live}). */
    static final String LIVE = "SLABML_QUICKSTART_LIVE";

    /**
     * Runs the quickstart: {@code [--live] [data-directory]}. Offline on the simulated backends
     * unless {@code --live} (or {@code SLABML_QUICKSTART_LIVE=true}) asks for OpenAI; an
     * {@code OPENAI_API_KEY} in the environment alone never spends money.
     */
    public static void main(String[] args) {
        Path dir = DEFAULT_DATA_DIRECTORY;
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        for (String arg : args) {
            if (arg.equals("--live")) {
                env.put(LIVE, "true");
            } else {
                dir = Path.of(arg);
            }
        }
        int code;
        try {
            Summary s = run(dir, env, System.out);
            code = s.fineTunedWins() ? 0 : 1;
        } catch (SlabMlException | UncheckedIOException e) {
            System.out.flush();
            System.err.println("quickstart: " + e.getMessage());
            code = 2;
        }
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the whole loop in {@code dataDirectory} (emptied first) and returns what it showed.
     *
     * @param dataDirectory where to keep the data; must be new, empty, or a previous quickstart's
     * @param env environment variables ({@code SLABML_QUICKSTART_LIVE=true} with {@code OPENAI_API_KEY}
     *     switches to OpenAI)
     * @param out where the steps are printed
     */
    public static Summary run(Path dataDirectory, Map<String, String> env, PrintStream out) {
        return run(dataDirectory, env, out, OPENAI_POLL_INTERVAL, OPENAI_MAX_POLL_INTERVAL);
    }

    /**
     * {@link #run(Path, Map, PrintStream)}, polling a job on OpenAI from {@code pollInterval} backing
     * off to {@code maxPollInterval} (a test against a local server polls faster than OpenAI wants).
     */
    static Summary run(Path dataDirectory, Map<String, String> env, PrintStream out, Duration pollInterval,
        Duration maxPollInterval) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(out, "out");
        boolean keySet = !env.getOrDefault("OPENAI_API_KEY", "").isBlank();
        boolean openai = "true".equalsIgnoreCase(env.getOrDefault(LIVE, "").trim());
        if (openai && !keySet) {
            throw new SlabMlException("--live runs against OpenAI and needs OPENAI_API_KEY");
        }
        Path dir = startClean(dataDirectory.toAbsolutePath().normalize());

        Map<String, String> values = new LinkedHashMap<>();
        values.put("slabml.store.provider", "file");
        values.put("slabml.fine_tuning.provider", openai ? "openai" : "simulated");
        values.put("slabml.inference.provider", openai ? "openai" : "simulated");
        values.put("slabml.data.dir", dir.toString());
        // The quickstart writes hundreds of samples and production records in a tight loop; a
        // service writes one per request and keeps the default (each append forced to disk in a
        // group commit). Reads still see every record written before them.
        values.put("slabml.store.samples.durability", "async");
        values.put("slabml.store.production_log.durability", "async");
        // The improvement loop: it holds 150 samples out for evaluation, stops at the gate for an
        // approval (the quickstart gives it after showing the evaluation), and advances a rollout
        // stage after 50 candidate predictions and an hour (no minimum time on OpenAI, where time is real).
        values.put("slabml.loop.held_out_fraction", "0.4");
        values.put("slabml.loop.held_out_max", String.valueOf(Loop.HELD_OUT));
        values.put("slabml.loop.gate", "manual");
        values.put("slabml.loop.stage_min_volume", String.valueOf(Loop.STAGE_VOLUME));
        values.put("slabml.loop.stage_min_time", openai ? "0s" : "1h");

        Clock clock;
        // Offline, the environment is not read at all; live, its OpenAI settings are (OPENAI_API_KEY, ...).
        SlabMl.Builder builder = SlabMl.builder().readEnvironment(Map.of(), openai ? env : Map.of())
            .dataDirectory(dir);
        if (openai) {
            clock = Clock.systemUTC();
        } else {
            // Simulated time: deterministic, and a fine-tuning job takes no real time at all.
            ManualClock manual = ManualClock.at(YearMonth.now(ZoneOffset.UTC).atDay(1).atTime(LocalTime.of(9, 0))
                .toInstant(ZoneOffset.UTC));
            builder.sleeper(manual::advance);
            clock = manual;
        }
        builder.clock(clock);
        values.forEach(builder::putConfig);

        out.println(openai
            ? "SlabML quickstart: LIVE on OpenAI: uploads a dataset, trains one fine-tuning job and makes hundreds of "
                + "chat completions, all billed to your account (the job's estimated cost is printed before it starts)"
            : "SlabML quickstart: the whole fine-tuning loop, offline on the simulated backend: it costs nothing");
        out.println("  data directory : " + Loop.display(dir));
        out.println("  backend        : " + (openai ? "OpenAI (--live)"
            : keySet ? "simulated (OPENAI_API_KEY is set but ignored: pass --live to use OpenAI)"
            : "simulated (pass --live with OPENAI_API_KEY to use OpenAI)"));
        try (SlabMl ml = builder.build()) {
            Loop loop = new Loop(ml, clock, out, openai);
            if (openai) {
                loop.pollOpenAi(pollInterval, maxPollInterval);
            }
            return loop.run();
        }
    }

    /** Empties the directory if it is the quickstart's (or empty), creates it and marks it. */
    static Path startClean(Path dir) {
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new SlabMlException(dir + " exists and is not a directory");
                }
                boolean empty;
                try (Stream<Path> s = Files.list(dir)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw new SlabMlException(dir + " is not empty and was not made by the quickstart; "
                        + "pass another directory as the first argument");
                }
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                        if (!p.equals(dir)) {
                            Files.delete(p);
                        }
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "made by the SlabML quickstart at " + Instant.now() + "\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }
}
