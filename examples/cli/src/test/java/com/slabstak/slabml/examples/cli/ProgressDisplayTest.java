/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobMetrics;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.simulator.ManualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");

    private final ManualClock clock = ManualClock.at(CREATED);
    private final StringWriter text = new StringWriter();

    private static FineTuningJob job(JobStatus status) {
        return FineTuningJob.builder().id("ftjob-1").model("gpt-4o-mini-2024-07-18").status(status)
            .createdAt(CREATED).trainingFileId("file-1").build();
    }

    private static JobEvent metrics(long step, Instant at) {
        return new JobEvent("ev-" + step, at, "info", "Step " + step + "/100", "metrics",
            Optional.of(new JobMetrics(step, 100, 0.5, 0.6, Double.NaN, Double.NaN, Double.NaN)));
    }

    @Test
    void line_metricsFromTheProvider_showsStepLossesElapsedAndEtaFromEventTimes() {
        // given
        ProgressDisplay d = new ProgressDisplay(new PrintWriter(text, true), true, clock);
        FineTuningJob running = job(JobStatus.RUNNING);
        d.onStatus(running);
        d.onEvent(running, metrics(10, CREATED.plus(Duration.ofMinutes(2))));
        d.onEvent(running, metrics(20, CREATED.plus(Duration.ofMinutes(4))));
        clock.set(CREATED.plus(Duration.ofMinutes(5)));

        // when
        String line = d.line();

        // then: 10 steps took 2 minutes, so 80 more take 16
        assertThat(line).isEqualTo("running  step 20/100  train loss 0.5000  valid loss 0.6000  elapsed 5m00s  ETA 16m00s");
        assertThat(text.toString()).startsWith("\r").doesNotContain("\n");
    }

    @Test
    void onEvent_notATerminal_printsPlainLinesAndThinsOutMetrics() {
        // given
        ProgressDisplay d = new ProgressDisplay(new PrintWriter(text, true), false, clock);
        FineTuningJob running = job(JobStatus.RUNNING);

        // when
        d.onStatus(running);
        for (int step = 1; step <= 100; step++) {
            d.onEvent(running, metrics(step, CREATED.plusSeconds(step * 6L)));
        }

        // then
        assertThat(text.toString()).doesNotContain("\r");
        assertThat(text.toString().lines().filter(l -> l.contains("step "))).hasSizeBetween(10, 12)
            .last().asString().isEqualTo("[10m00s] step 100/100  train loss 0.5000  valid loss 0.6000");
    }
}
