/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs on one database: a writer killed with SIGKILL, and two instances of a service. */
class PostgresMultiProcessTest {
    @TempDir
    Path dir;

    private final Set<Child> children = new HashSet<>();

    @AfterEach
    void stopChildren() {
        children.forEach(c -> c.process.destroyForcibly());
    }

    @Test
    void appendAsync_writerKilledUnderBatch_everyAcknowledgedSampleIsStored() throws Exception {
        // given
        String schema = PostgresTesting.freshSchema();
        Child writer = start("write", schema, "k");
        Set<String> acknowledged = new HashSet<>();
        // when: SIGKILL once a few thousand samples were acknowledged, with more in flight
        while (acknowledged.size() < 3_000) {
            String id = writer.out.readLine();
            assertThat(id).as("the writer died early (stderr in %s)", dir).isNotNull();
            acknowledged.add(id);
        }
        // SIGKILL from outside: Process.destroyForcibly() would also close the pipe of acknowledgements.
        Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(writer.process.pid())).start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (String id = writer.out.readLine(); id != null; id = writer.out.readLine()) {
            acknowledged.add(id); // printed before the kill
        }
        // then
        try (Stores stores = PostgresTesting.open(schema, Map.of());
             Stream<Sample> s = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
            Set<String> stored = s.map(x -> x.id().orElseThrow()).collect(Collectors.toSet());
            assertThat(stored).containsAll(acknowledged);
            assertThat(writer.process.exitValue()).isEqualTo(137);
        }
    }

    @Test
    void twoInstances_oneDatabase_shareSamplesAndRollout() throws Exception {
        // given
        String schema = PostgresTesting.freshSchema();
        Child a = start("instance", schema);
        Child b = start("instance", schema);
        // when: both collect at once, then one starts a rollout
        a.send("collect 300 a");
        b.send("collect 300 b");
        assertThat(a.out.readLine()).isEqualTo("collected");
        assertThat(b.out.readLine()).isEqualTo("collected");
        a.send("rollout ft:cards:candidate 20");
        assertThat(a.out.readLine()).isEqualTo("ok");
        // then: the other serves it within its refresh interval (100 ms)
        String seen = "";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!seen.equals("ft:cards:candidate 20") && Instant.now().isBefore(deadline)) {
            b.send("deployment");
            seen = b.out.readLine();
        }
        assertThat(seen).isEqualTo("ft:cards:candidate 20");
        try (Stores stores = PostgresTesting.open(schema, Map.of());
             Stream<Sample> s = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
            Set<String> ids = s.map(x -> x.id().orElseThrow()).collect(Collectors.toSet());
            assertThat(ids).hasSize(600).contains("a-0", "a-299", "b-0", "b-299");
        }
        a.send("quit");
        b.send("quit");
        assertThat(a.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(b.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(a.process.exitValue()).isZero();
    }

    private Child start(String mode, String schema, String... more) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx128m",
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp", System.getProperty("java.class.path"), PostgresChildProcess.class.getName(),
            mode, PostgresTesting.url(), schema));
        cmd.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path stderr = dir.resolve(mode + "-" + children.size() + "-stderr.txt");
        pb.redirectError(stderr.toFile());
        Child c = new Child(pb.start());
        children.add(c);
        String first = c.out.readLine();
        assertThat(first).as("child started; its stderr: %s", first == null ? Files.readString(stderr) : "")
            .isEqualTo("ready");
        return c;
    }

    private static final class Child {
        final Process process;
        final BufferedReader out;

        Child(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String line) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
    }
}
