/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * A child JVM for the crash and two-instance tests. Arguments: mode, JDBC URL, schema, then the
 * mode's own.
 * <ul>
 *   <li>{@code write <prefix>}: appends samples under {@code BATCH} through {@code appendAsync} from
 *       four threads until killed, printing each id once its future completed (acknowledged).</li>
 *   <li>{@code instance}: a whole {@code SlabMl} on the postgres store, chosen by its keys, that
 *       answers commands read from stdin: {@code collect <n> <prefix>}, {@code rollout <model> <percent>},
 *       {@code deployment}, {@code quit}.</li>
 * </ul>
 * It prints {@code ready} once open.
 */
public final class PostgresChildProcess {
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
        StandardCharsets.UTF_8);

    private PostgresChildProcess() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String schema = args[2];
        Map<String, String> keys = Map.of(
            "slabml.store.provider", "postgres",
            "slabml.postgres.url", url,
            "slabml.postgres.user", "postgres",
            "slabml.postgres.password", "unused-by-trust-auth",
            "slabml.postgres.schema", schema,
            "slabml.store.durability", "BATCH",
            "slabml.registry.refresh_interval", "100ms");
        if (mode.equals("write")) {
            write(keys, args[3]);
        } else {
            instance(keys);
        }
    }

    private static void write(Map<String, String> keys, String prefix) throws InterruptedException {
        Stores stores = new PostgresStoreProvider().create(ProviderContext.of(SlabMlConfig.of(keys), Path.of("."),
            Clock.systemUTC()));
        say("ready");
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String writer = prefix + "w" + t;
            Semaphore inFlight = new Semaphore(500);
            Thread w = new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = writer + "-" + i;
                    inFlight.acquireUninterruptibly();
                    stores.samples().appendAsync(sample(id)).thenRun(() -> say(id))
                        .whenComplete((ok, failure) -> inFlight.release());
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    private static void instance(Map<String, String> keys) throws Exception {
        Path dir = Files.createTempDirectory("slabml-child");
        SlabMl.Builder b = SlabMl.builder().ignoreEnvironment().dataDirectory(dir)
            .fineTuningBackend(SimulatedFineTuningBackend.builder().clock(Clock.systemUTC()).build())
            .inferenceBackend(SimulatedInferenceBackend.builder().build());
        keys.forEach(b::putConfig);
        try (SlabMl slabMl = b.build()) {
            say("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cmd = line.split(" ");
                switch (cmd[0]) {
                    case "collect":
                        for (int i = 0; i < Integer.parseInt(cmd[1]); i++) {
                            slabMl.collector().collect(sample(null).toBuilder().id(cmd[2] + "-" + i).build());
                        }
                        say("collected");
                        break;
                    case "rollout":
                        slabMl.registry().startRollout(TaskName.CARD_IDENTIFICATION, cmd[1], Integer.parseInt(cmd[2]),
                            "two instances share one registry");
                        say("ok");
                        break;
                    case "deployment":
                        Deployment d = slabMl.registry().deployment(TaskName.CARD_IDENTIFICATION);
                        say(d.candidateModel().orElse("-") + " " + d.rolloutPercent());
                        break;
                    default:
                        say("bye");
                        return;
                }
            }
        }
    }

    static Sample sample(String id) {
        return Sample.builder().id(id).task(TaskName.CARD_IDENTIFICATION).source(SampleSource.VALIDATED)
            .input(Map.of("ocr_text", "MICHAEL JORDAN 1986-87 FLEER #57 PSA 9"))
            .output(Map.of("player", "Michael Jordan", "year", "1986-87", "brand", "Fleer", "card_number", "57",
                "grade", "9", "grading_company", "PSA", "rookie", true))
            .confidence(0.9).createdAt(Instant.parse("2026-01-15T09:00:00Z")).build();
    }

    private static void say(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }
}
