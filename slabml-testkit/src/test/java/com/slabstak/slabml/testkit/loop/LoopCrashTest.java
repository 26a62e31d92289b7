/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.LoopDecision;
import com.slabstak.slabml.LoopStatus;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.UserCorrection;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.ManualClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop killed with SIGKILL at every step of a round in turn, alternately just after it
 * persisted a step (before acting on it) and just before it persisted the next (after acting on
 * it), each time in a new JVM: the round still ends with one fine-tuning job and one promotion, each
 * stage applied once.
 */
class LoopCrashTest {
    @TempDir
    Path dir;

    /** Runs one child to its end; returns its last line ({@code killed} or {@code monitoring}). */
    private String child(Instant start, String kill, int seed) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp", System.getProperty("java.class.path"), LoopRunnerProcess.class.getName(),
            dir.toString(), start.toString(), kill, Integer.toString(seed));
        pb.redirectError(dir.resolve("stderr-" + seed + ".txt").toFile());
        Process p = pb.start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                last = line;
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return last;
    }

    @Test
    void runOnce_killedAtEveryStepInTurn_resumesWithoutADuplicateJobOrPromotion() throws Exception {
        // given: a ready dataset, collected in this JVM
        Instant t0 = ManualClock.DEFAULT_START;
        SlabMl.Builder b = SlabMl.builder().dataDirectory(dir).clock(ManualClock.at(t0));
        LoopRunnerProcess.CONFIG.forEach(b::putConfig);
        try (SlabMl ml = b.build()) {
            CardSampleGenerator g = CardSampleGenerator.create(5);
            for (CardSampleGenerator.CardSample c : g.cards(240)) {
                ml.collector().collectCardIdentification(c.ocrText(), c.card());
            }
            for (CardSampleGenerator.CorrectionSample c : g.corrections(60)) {
                ml.collector().collectUserCorrection(UserCorrection.builder().ocrText(c.ocrText()).original(c.original())
                    .corrected(c.corrected()).correctedFields(c.changedFields()).userId(c.userId()).build());
            }
        }

        // when: one child per step, each killed at its step; then one left to finish
        List<String> ends = new ArrayList<>();
        Instant start = t0;
        int seed = 1;
        for (int i = 0; i < 12; i++) {
            start = start.plus(Duration.ofHours(6));
            String end = child(start, i % 2 == 0 ? "after" : "before", seed++);
            ends.add(end);
            if ("monitoring".equals(end)) {
                break;
            }
        }
        start = start.plus(Duration.ofHours(6));
        String last = child(start, "none", seed);

        // then
        assertThat(ends).hasSizeGreaterThanOrEqualTo(10).allMatch(e -> e.equals("killed") || e.equals("monitoring"));
        assertThat(last).isEqualTo("monitoring");
        try (SlabMl ml = b.clock(ManualClock.at(start.plus(Duration.ofDays(1)))).build()) {
            LoopStatus s = ml.loop().status(LoopRunnerProcess.CARD);
            assertThat(s.step()).isEqualTo(LoopStep.MONITOR);
            assertThat(s.round()).isEqualTo(1);
            assertThat(ml.fineTuning().listJobs(100)).hasSize(1);
            List<DeploymentEvent> history = ml.registry().history(LoopRunnerProcess.CARD);
            assertThat(history).filteredOn(e -> List.of("start", "set", "promote").contains(e.action()))
                .extracting(e -> e.deployment().rolloutPercent()).containsExactly(20, 50, 100);
            assertThat(history).filteredOn(e -> e.action().equals("gate")).hasSize(1);
            assertThat(s.decisions()).extracting(LoopDecision::outcome).containsSubsequence("train", "job_created",
                "evaluated", "promoted", "advanced", "advanced", "serving");
            assertThat(s.decisions()).filteredOn(d -> d.outcome().equals("job_created")).hasSize(1);
        }
        try (Stream<Path> jobs = Files.list(dir.resolve("simulated").resolve("jobs"))) {
            assertThat(jobs.filter(p -> p.toString().endsWith(".json"))).hasSize(1);
        }
    }
}
