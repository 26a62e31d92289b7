/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.UserCorrection;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.testkit.SlabMlExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Using it in a service" walk-through and its asynchronous collect, run on the testkit's fakes. */
@ExtendWith(SlabMlExtension.class)
class ReadmeServiceExampleTest {

    @Test
    void serviceLoop_collectTrainRollOut_servesTheFineTunedModelToItsRolloutShare(SlabMl slabMl) {
        CardSampleGenerator cards = CardSampleGenerator.create(7);
        String userId = "user-42";

        // On the request path, then what the user confirms or corrects.
        for (CardSampleGenerator.CardSample scan : cards.cards(60)) {
            Prediction<CardData> p = slabMl.models().identifyCard(scan.ocrText(), RequestContext.forSubject(userId));
            CardData card = p.value();
            if (card.equals(scan.card())) {
                slabMl.collector().collectCardIdentification(scan.ocrText(), scan.card());
            } else {
                slabMl.collector().collectUserCorrection(UserCorrection.builder()
                    .ocrText(scan.ocrText()).original(card).corrected(scan.card()).userId(userId).build());
            }
            slabMl.evaluator().trackProduction(ProductionRecord.builder()
                .task(TaskName.CARD_IDENTIFICATION).modelId(p.metadata().modelUsed()).arm(p.metadata().arm())
                .prediction(card.toMap()).correction(scan.card().toMap()).build());
        }

        // When the dataset is ready (50+ card samples).
        assertThat(slabMl.collector().stats().isReady(TaskName.CARD_IDENTIFICATION)).isTrue();
        ExportResult export = slabMl.exporter().export(TaskName.CARD_IDENTIFICATION);
        FineTuningManager ft = slabMl.fineTuning();
        UploadedFile train = ft.upload(export.trainingFile());
        FineTuningJob job = ft.createJob(JobRequest.builder()
            .trainingFileId(train.id()).model("gpt-4o-mini-2024-07-18").suffix("slabstak-card-id")
            .task(TaskName.CARD_IDENTIFICATION).build());
        FineTuningJob done = ft.waitForCompletion(job.id(), WaitOptions.defaults());
        String tuned = done.fineTunedModel().orElseThrow();
        slabMl.registry().startRollout(TaskName.CARD_IDENTIFICATION, tuned, 20, "new version");

        // Then: the job succeeded, its model is registered, and about a fifth of users get it.
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(slabMl.registry().versions(TaskName.CARD_IDENTIFICATION))
            .extracting(v -> v.modelId()).contains(tuned);
        long candidates = 0;
        for (int i = 0; i < 1000; i++) {
            Prediction<CardData> p = slabMl.models().identifyCard(cards.card().ocrText(),
                RequestContext.forSubject("user-" + i));
            if (p.metadata().arm() == Arm.CANDIDATE) {
                candidates++;
                assertThat(p.metadata().modelUsed()).isEqualTo(tuned);
            }
        }
        assertThat(candidates).isBetween(150L, 250L);
    }

    @Test
    void collectAsync_onTheFileStore_completesOnceTheSampleIsOnDisk(@TempDir Path dataDir) throws Exception {
        CardSampleGenerator.CardSample scan = CardSampleGenerator.create(11).card();
        String ocrText = scan.ocrText();
        CardData confirmed = scan.card();
        CompletableFuture<String> reply = new CompletableFuture<>();
        try (SlabMl slabMl = SlabMl.builder().ignoreEnvironment().dataDirectory(dataDir)
            .putConfig("slabml.store.provider", "file")
            .fineTuningBackend(SimulatedFineTuningBackend.builder()
                .clock(ManualClock.at(Instant.parse("2026-11-01T09:00:00Z"))).build())
            .inferenceBackend(SimulatedInferenceBackend.builder().build()).build()) {

            slabMl.collector().collectAsync(Sample.builder()
                    .task(TaskName.CARD_IDENTIFICATION).source(SampleSource.VALIDATED)
                    .putInput("ocr_text", ocrText).output(confirmed.toMap()).build())
                .whenComplete((stored, failure) -> reply.complete(failure == null ? "saved " + stored.id().orElseThrow()
                    : "not saved"));

            String answer = reply.get(30, TimeUnit.SECONDS);
            assertThat(answer).startsWith("saved ");
            // Acknowledged means on disk: the line is there before the store is closed.
            assertThat(Files.readString(dataDir.resolve("training_data/card_identification.jsonl")))
                .contains(answer.substring("saved ".length()));
        }
    }
}
