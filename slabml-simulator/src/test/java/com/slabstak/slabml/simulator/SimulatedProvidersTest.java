/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.FineTuningBackendProvider;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.InferenceBackendProvider;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedProvidersTest {
    @TempDir
    Path dir;

    @Test
    void serviceLoader_simulatorOnClassPath_findsSimulatedProvidersAndNoStore() {
        assertThat(ServiceLoader.load(FineTuningBackendProvider.class).stream().map(p -> p.get().name()))
            .containsExactly(SimulatedFineTuningBackendProvider.NAME);
        assertThat(ServiceLoader.load(InferenceBackendProvider.class).stream().map(p -> p.get().name()))
            .containsExactly(SimulatedInferenceBackendProvider.NAME);
        // the store providers on this class path are core's own; the simulator adds none
        assertThat(ServiceLoader.load(StoreProvider.class).stream().map(p -> p.type().getName()))
            .noneMatch(name -> name.startsWith("com.slabstak.slabml.simulator"));
    }

    @Test
    void create_systemClock_jobCompletesInAFewPollsAndOtherProviderServesTunedModel() throws Exception {
        // given
        ProviderContext context = ProviderContext.of(SlabMlConfig.of(Map.of()), dir, Clock.systemUTC());
        FineTuningBackend ft = new SimulatedFineTuningBackendProvider().create(context);
        InferenceBackend ai = new SimulatedInferenceBackendProvider().create(context);
        CardSampleGenerator gen = CardSampleGenerator.create(21);
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, SimulatedLearnerTest.cardTraining(gen.cards(200)));
        // when
        FineTuningJob job = ft.createJob(JobRequest.builder().trainingFileId(ft.uploadFile(file).id())
            .model("gpt-4o-mini-2024-07-18").suffix("cards").build());
        int polls = 0;
        while (!job.isTerminal() && polls < 50) {
            job = ft.retrieveJob(job.id());
            polls++;
        }
        // then
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(polls).isLessThan(15);
        assertThat(ft.listEvents(job.id(), 100, null)).anySatisfy(e -> assertThat(e.metrics()).isPresent());
        String model = job.fineTunedModel().orElseThrow();
        List<CardSampleGenerator.CardSample> heldOut = gen.cards(60);
        int base = 0;
        int tuned = 0;
        for (CardSampleGenerator.CardSample s : heldOut) {
            var prompt = SimulatedLearnerTest.cardPrompt(s.ocrText());
            Map<String, Object> b = SimulatedLearnerTest.parse(ai.complete(ChatRequest.builder()
                .model("gpt-4o-mini-2024-07-18").messages(prompt).build()).text());
            Map<String, Object> t = SimulatedLearnerTest.parse(ai.complete(ChatRequest.builder()
                .model(model).messages(prompt).build()).text());
            base += SimulatedLearnerTest.norm(b.get("year")).equals(SimulatedLearnerTest.norm(s.card().year())) ? 1 : 0;
            tuned += SimulatedLearnerTest.norm(t.get("year")).equals(SimulatedLearnerTest.norm(s.card().year())) ? 1 : 0;
        }
        assertThat(tuned).isGreaterThan(base);
        assertThat(Files.list(dir.resolve("simulated").resolve("models"))).hasSize(1);
    }
}
