/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static com.slabstak.slabml.core.internal.store.StoreTesting.open;
import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Stores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the store in child JVMs: killed with SIGKILL ({@code ProcessHandle.destroyForcibly}, which
 * unlike {@code Process.destroyForcibly} leaves the pipe open so acknowledgements already printed
 * can still be read) while writing (every acknowledged record must
 * survive, no corrupt line may be read; acknowledged means the append returned, or under
 * {@code BATCH_FUTURES} that the future of {@code appendAsync} completed), and several at once on one data directory (nothing lost,
 * nothing interleaved).
 */
class CrashAndMultiProcessTest {
    @TempDir
    Path dir;

    /** A child JVM running {@link StoreWriterProcess}. */
    private final class Child implements AutoCloseable {
        final Process process;
        final BufferedReader stdout;

        Child(String durability, int threads, int perThread, String prefix) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), StoreWriterProcess.class.getName(),
                dir.toString(), durability, Integer.toString(threads), Integer.toString(perThread), prefix);
            pb.redirectError(dir.resolve(prefix + "stderr.txt").toFile());
            process = pb.start();
            stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = stdout.readLine();
            assertThat(first).as("child %s started (stderr in %s)", prefix, prefix + "stderr.txt").isEqualTo("ready");
        }

        void go() throws IOException {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stdout.close();
        }
    }

    @Test
    void crash_childKilledWithSigkillManyTimes_keepsEveryAcknowledgedRecordAndNoCorruptLine() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] modes = {"BATCH", "SYNC", "BATCH_FUTURES", "BATCH", "SYNC", "BATCH", "ASYNC", "BATCH_FUTURES",
            "SYNC", "BATCH", "SYNC", "BATCH_FUTURES", "ASYNC", "BATCH", "BATCH_FUTURES", "BATCH_FUTURES"};
        Set<String> acknowledged = new HashSet<>();
        int killedWithAcks = 0;
        for (int round = 0; round < modes.length; round++) {
            int acksBeforeKill = modes[round].equals("BATCH_FUTURES") ? 5_000 : 1_500;
            int killAfter = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(acksBeforeKill);
            try (Child child = new Child(modes[round], 3, 0, "r" + round)) {
                child.go();
                List<String> acks = new ArrayList<>();
                String line;
                while (acks.size() < killAfter && (line = child.stdout.readLine()) != null) {
                    acks.add(line);
                }
                child.process.toHandle().destroyForcibly();
                child.process.waitFor(30, TimeUnit.SECONDS);
                while ((line = child.stdout.readLine()) != null) {
                    acks.add(line);
                }
                if (!modes[round].equals("ASYNC")) {
                    acknowledged.addAll(acks);
                    killedWithAcks += acks.isEmpty() ? 0 : 1;
                }
            }
        }

        List<String> stored;
        try (Stores stores = open(dir); Stream<Sample> read = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
            stored = read.map(s -> s.id().orElseThrow()).collect(Collectors.toList());
            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(stored.size());
        }
        assertThat(killedWithAcks).as("seed %s", seed).isPositive();
        assertThat(stored).as("seed %s", seed).doesNotHaveDuplicates();
        assertThat(new HashSet<>(stored)).as("seed %s: acknowledged records on disk", seed).containsAll(acknowledged);
        for (String file : new String[] {"card_identification.jsonl", "user_corrections.jsonl"}) {
            assertCompleteLinesParse(dir.resolve("training_data").resolve(file));
        }
    }

    @Test
    void multiProcess_threeChildJvmsOnOneDirectory_loseAndInterleaveNothing() throws Exception {
        int children = 3;
        int threads = 2;
        int perThread = 1_000;
        List<Child> running = new ArrayList<>();
        try {
            for (int c = 0; c < children; c++) {
                running.add(new Child("BATCH", threads, perThread, "p" + c));
            }
            for (Child c : running) {
                c.go();
            }
            for (Child c : running) {
                String last = null;
                String line;
                while ((line = c.stdout.readLine()) != null) {
                    last = line;
                }
                assertThat(c.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(c.process.exitValue()).isZero();
                assertThat(last).isEqualTo("done");
            }
        } finally {
            for (Child c : running) {
                c.close();
            }
        }

        List<String> raw = new ArrayList<>(AppendLogTest.assertWholeLinesInWriterOrder(
            dir.resolve("training_data/card_identification.jsonl")));
        raw.addAll(AppendLogTest.assertWholeLinesInWriterOrder(dir.resolve("training_data/user_corrections.jsonl")));
        assertThat(raw).hasSize(children * threads * perThread).doesNotHaveDuplicates();
        try (Stores stores = open(dir); Stream<Sample> read = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(read.count()).isEqualTo(children * threads * perThread);
        }
    }

    /** Every newline-terminated line is a JSON object; only an unterminated tail may be partial. */
    private static void assertCompleteLinesParse(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (!line.isBlank()) {
                assertThat(com.slabstak.slabml.core.internal.Json.readObject(line)).containsKey("id");
            }
        }
    }
}
