/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.SlabMl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's path: providers found by name ("file", "simulated"), the system clock, real waits. */
class SimulatedQuickstartTest {
    @TempDir
    Path dir;

    @Test
    void waitForCompletion_simulatedProvidersOnSystemClock_finishesInAFewPollsWithProgress() {
        // given
        AtomicInteger sleeps = new AtomicInteger();
        try (SlabMl ml = SlabMl.builder().ignoreEnvironment().dataDirectory(dir)
                .putConfig("slabml.store.provider", "file")
                .putConfig("slabml.fine_tuning.provider", "simulated")
                .putConfig("slabml.inference.provider", "simulated")
                .sleeper(d -> sleeps.incrementAndGet())
                .build()) {
            CardSampleGenerator gen = CardSampleGenerator.create(8);
            for (CardSampleGenerator.CardSample s : gen.cards(120)) {
                ml.collector().collectCardIdentification(s.ocrText(), s.card());
            }
            ExportResult export = ml.exporter().export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION).build());
            FineTuningJob job = ml.fineTuning().createJob(JobRequest.builder()
                .trainingFileId(ml.fineTuning().upload(export.trainingFile()).id())
                .validationFileId(ml.fineTuning().upload(export.validationFile().orElseThrow()).id())
                .model("gpt-4o-mini-2024-07-18").suffix("cards").task(TaskName.CARD_IDENTIFICATION).build());
            List<JobStatus> statuses = new ArrayList<>();
            List<JobEvent> events = new ArrayList<>();
            // when
            FineTuningJob done = ml.fineTuning().waitForCompletion(job.id(), WaitOptions.builder()
                .pollInterval(Duration.ofMillis(50)).maxPollInterval(Duration.ofMillis(200))
                .listener(new JobListener() {
                    @Override
                    public void onStatus(FineTuningJob j) {
                        statuses.add(j.status());
                    }

                    @Override
                    public void onEvent(FineTuningJob j, JobEvent e) {
                        events.add(e);
                    }
                }).build());
            // then
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(sleeps.get()).isBetween(1, 8);
            assertThat(statuses).hasSizeGreaterThanOrEqualTo(2).endsWith(JobStatus.SUCCEEDED);
            assertThat(events).filteredOn(e -> e.metrics().isPresent()).hasSizeGreaterThan(3);
            assertThat(events).filteredOn(e -> e.metrics().isPresent())
                .allSatisfy(e -> assertThat(e.metrics().orElseThrow().validationLoss()).isPresent());
            ml.registry().startRollout(TaskName.CARD_IDENTIFICATION, done.fineTunedModel().orElseThrow(), 100, "ready");
            CardSampleGenerator.CardSample s = gen.card();
            Prediction<CardData> p = ml.models().identifyCard(s.ocrText());
            assertThat(p.metadata().finetuned()).isTrue();
            assertThat(p.metadata().fallbackReason()).isEmpty();
        }
    }
}
