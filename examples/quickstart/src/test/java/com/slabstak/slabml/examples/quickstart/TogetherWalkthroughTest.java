/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.UserCorrection;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.together.SimulatedTogetherServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Training on Together AI" walk-through, through the real modules: the core, the
 * {@code together} fine-tuning provider and the {@code openai} inference provider, both pointed at
 * the fake Together server on loopback, whose jobs run on the simulated learner.
 */
class TogetherWalkthroughTest {
    static final String KEY = "tgp_v1_walkthrough_key";
    static final String BASE = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";

    @TempDir
    Path dataDir;

    /** SlabML training on the server through the together provider, serving from it through the openai provider. */
    private SlabMl onTogether(SimulatedTogetherServer together) {
        return SlabMl.builder().dataDirectory(dataDir)
            .putConfig("slabml.store.provider", "file")
            .putConfig("slabml.fine_tuning.provider", "together")
            .putConfig("slabml.together.api_key", KEY)
            .putConfig("slabml.together.base_url", together.baseUrl())
            .putConfig("slabml.inference.provider", "openai")
            .putConfig("slabml.openai.api_key", KEY)
            .putConfig("slabml.openai.base_url", together.baseUrl())
            .putConfig("slabml.card_identification.base_model", BASE)
            .build();
    }

    @Test
    void walkthrough_collectTrainOnTogetherRollOut_fineTunedModelServesItsShareThenEveryone() {
        try (SimulatedTogetherServer together = new SimulatedTogetherServer().start().requireApiKey(KEY);
             SlabMl slabMl = onTogether(together)) {
            CardSampleGenerator cards = CardSampleGenerator.create(7);

            // Collect: the base model on Together answers; users confirm or correct.
            for (CardSampleGenerator.CardSample scan : cards.cards(80)) {
                Prediction<CardData> p = slabMl.models().identifyCard(scan.ocrText(), RequestContext.forSubject("user-1"));
                assertThat(p.metadata().modelUsed()).isEqualTo(BASE);
                if (p.value().equals(scan.card())) {
                    slabMl.collector().collectCardIdentification(scan.ocrText(), scan.card());
                } else {
                    slabMl.collector().collectUserCorrection(UserCorrection.builder().ocrText(scan.ocrText())
                        .original(p.value()).corrected(scan.card()).userId("user-1").build());
                }
            }

            // Train on Together: export, upload (Together's redirect), create, wait.
            assertThat(slabMl.collector().stats().isReady(TaskName.CARD_IDENTIFICATION)).isTrue();
            ExportResult export = slabMl.exporter().export(TaskName.CARD_IDENTIFICATION);
            FineTuningManager ft = slabMl.fineTuning();
            UploadedFile train = ft.upload(export.trainingFile());
            FineTuningJob job = ft.createJob(JobRequest.builder().trainingFileId(train.id()).model(BASE)
                .suffix("slabstak-card-id").task(TaskName.CARD_IDENTIFICATION).build());
            FineTuningJob done = ft.waitForCompletion(job.id(), WaitOptions.builder()
                .pollInterval(Duration.ofMillis(5)).maxPollInterval(Duration.ofMillis(20)).timeout(Duration.ofMinutes(2)).build());
            String tuned = done.fineTunedModel().orElseThrow();
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(tuned).startsWith(SimulatedTogetherServer.USER + "/Meta-Llama-3.1-8B-Instruct-Reference-slabstak-card-id");
            assertThat(slabMl.registry().versions(TaskName.CARD_IDENTIFICATION)).extracting(v -> v.modelId()).contains(tuned);

            // Roll out: 20% of users get the Together fine-tuned model, the rest the base model.
            slabMl.registry().startRollout(TaskName.CARD_IDENTIFICATION, tuned, 20, "new version on Together");
            long candidates = 0;
            for (int i = 0; i < 300; i++) {
                Prediction<CardData> p = slabMl.models().identifyCard(cards.card().ocrText(),
                    RequestContext.forSubject("user-" + i));
                if (p.metadata().arm() == Arm.CANDIDATE) {
                    candidates++;
                    assertThat(p.metadata().modelUsed()).isEqualTo(tuned);
                }
            }
            assertThat(candidates).isBetween(35L, 85L);

            // Promote: everyone gets it, still served by Together.
            slabMl.registry().promote(TaskName.CARD_IDENTIFICATION, "beat the base model");
            Prediction<CardData> p = slabMl.models().identifyCard(cards.card().ocrText(), RequestContext.forSubject("user-7"));
            assertThat(p.metadata().modelUsed()).isEqualTo(tuned);
            assertThat(together.requests("POST", "/fine-tunes")).hasSize(1);
            assertThat(together.requests("PUT", "/storage/")).hasSize(1);
            assertThat(together.requests("POST", "/chat/completions"))
                .anySatisfy(r -> assertThat(r.body()).contains("\"model\":\"" + tuned + "\""));
            assertThat(together.requests()).filteredOn(r -> !r.route().startsWith("/storage/"))
                .allSatisfy(r -> assertThat(r.header("authorization")).hasValue("Bearer " + KEY));
        }
    }

    @Test
    void createJob_responseLostOnTogether_managerRecoversTheJobWithoutCreatingASecond() {
        try (SimulatedTogetherServer together = new SimulatedTogetherServer().start().requireApiKey(KEY);
             SlabMl slabMl = onTogether(together)) {
            for (CardSampleGenerator.CardSample scan : CardSampleGenerator.create(3).cards(40)) {
                slabMl.collector().collectCardIdentification(scan.ocrText(), scan.card());
            }
            ExportResult export = slabMl.exporter().export(TaskName.CARD_IDENTIFICATION);
            UploadedFile train = slabMl.fineTuning().upload(export.trainingFile());
            together.inject("POST", "/fine-tunes", 1, com.slabstak.slabml.simulator.http.HttpFault.lostResponse());

            FineTuningJob job = slabMl.fineTuning().createJob(JobRequest.builder().trainingFileId(train.id()).model(BASE)
                .suffix("cards").build());

            assertThat(together.requests("POST", "/fine-tunes")).as("the lost create was not sent again").hasSize(1);
            assertThat(slabMl.fineTuning().listJobs(10)).extracting(FineTuningJob::id).containsExactly(job.id());
        }
    }
}
