/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedInferenceBackendTest {
    private static final String BASE = "gpt-4o-mini-2024-07-18";

    @TempDir
    Path dir;

    private static ChatRequest request(String model, String text) {
        return ChatRequest.builder().model(model).addMessage(ChatMessage.user(text)).build();
    }

    @Test
    void complete_scriptedReplies_answersPerModelThenFifoThenFunction() {
        // given
        SimulatedInferenceBackend ai = SimulatedInferenceBackend.builder().build();
        ai.reply("m1", "one").reply("any").replyWith(r -> "echo " + r.messages().get(0).content());
        // when / then
        assertThat(ai.complete(request("m2", "a")).text()).isEqualTo("any");
        assertThat(ai.complete(request("m1", "b")).text()).isEqualTo("one");
        assertThat(ai.complete(request("m1", "c")).text()).isEqualTo("echo c");
        assertThat(ai.requests()).hasSize(3);
        assertThat(ai.requests("m1")).extracting(r -> r.messages().get(0).content()).containsExactly("b", "c");
        assertThat(ai.lastRequest().model()).isEqualTo("m1");
    }

    @Test
    void complete_nothingScriptedAndNoLearner_failsLoudly() {
        SimulatedInferenceBackend ai = SimulatedInferenceBackend.builder().build();
        assertThatThrownBy(() -> ai.complete(request("m", "x"))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("no reply scripted for model m");
    }

    @Test
    void complete_reportsUsageModelAndLatency() {
        SimulatedInferenceBackend ai = SimulatedInferenceBackend.builder().latency(Duration.ofMillis(50)).build();
        ai.reply("{\"title\":\"x\"}");
        var response = ai.complete(request("m", "a prompt of some length"));
        assertThat(response.model()).isEqualTo("m");
        assertThat(response.usage().promptTokens()).isPositive();
        assertThat(response.usage().completionTokens()).isPositive();
        assertThat(response.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void complete_faultForOneModel_failsOnlyThatModelThenRecovers() {
        // given
        SimulatedInferenceBackend ai = SimulatedInferenceBackend.builder().build();
        ai.replyWith(r -> "ok");
        ai.faults().serverError(Faults.Operation.COMPLETE, "ft:x", 1).timeout(Faults.Operation.COMPLETE, "ft:x", 1);
        // when / then
        assertThat(ai.complete(request(BASE, "a")).text()).isEqualTo("ok");
        assertThatThrownBy(() -> ai.complete(request("ft:x", "a"))).isInstanceOf(ProviderUnavailableException.class);
        assertThatThrownBy(() -> ai.complete(request("ft:x", "a"))).isInstanceOf(ProviderTimeoutException.class);
        assertThat(ai.complete(request("ft:x", "a")).text()).isEqualTo("ok");
    }

    @Test
    void complete_fineTunedModelJustFinished_isNotFoundUntilSettled() throws Exception {
        // given
        ManualClock clock = ManualClock.create();
        SimulatedBackends sim = SimulatedBackends.create(clock, 1);
        StringBuilder training = new StringBuilder();
        for (CardSampleGenerator.CardSample s : CardSampleGenerator.create(1).cards(60)) {
            training.append(SimulatedLearnerTest.trainingLine(SimulatedLearnerTest.cardPrompt(s.ocrText()),
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s.card().toMap()))).append('\n');
        }
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, training);
        String fileId = sim.fineTuning().uploadFile(file).id();
        FineTuningJob job = sim.fineTuning().createJob(JobRequest.builder().trainingFileId(fileId).model(BASE).build());
        clock.advance(Duration.ofMinutes(16));
        FineTuningJob done = sim.fineTuning().retrieveJob(job.id());
        String model = done.fineTunedModel().orElseThrow();
        clock.set(done.finishedAt().orElseThrow().plusSeconds(30));
        ChatRequest ask = ChatRequest.builder().model(model)
            .messages(SimulatedLearnerTest.cardPrompt("MICHAEL JORDAN 1986-87 FLR #57 BGS 9.5")).build();
        // when / then
        assertThatThrownBy(() -> sim.inference().complete(ask)).isInstanceOfSatisfying(NotFoundException.class,
            e -> assertThat(e.code()).hasValue("model_not_found"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(sim.inference().complete(ask).text()).contains("\"year\":\"1986-87\"");
        assertThatThrownBy(() -> sim.inference().complete(ChatRequest.builder().model("ft:unknown")
            .messages(List.of(ChatMessage.user("x"))).build())).isInstanceOf(NotFoundException.class);
        sim.fineTuning().deleteModel(model);
        assertThatThrownBy(() -> sim.inference().complete(ask)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void complete_baseModelWithResponseSchema_neverAnswersInCodeFences() {
        // given
        SimulatedInferenceBackend plain = SimulatedInferenceBackend.builder().simulate(SimulatedLearner.create(1)).build();
        SimulatedInferenceBackend structured = SimulatedInferenceBackend.builder().simulate(SimulatedLearner.create(1))
            .supportsResponseSchema(true).build();
        com.slabstak.slabml.JsonSchema schema = new com.slabstak.slabml.JsonSchema("card_data", "{\"type\":\"object\"}", true);
        int fenced = 0;
        // when
        for (CardSampleGenerator.CardSample s : CardSampleGenerator.create(3).cards(30)) {
            ChatRequest.Builder r = ChatRequest.builder().model(BASE).messages(SimulatedLearnerTest.cardPrompt(s.ocrText()));
            fenced += plain.complete(r.build()).text().startsWith("```") ? 1 : 0;
            // then
            assertThat(structured.complete(r.responseSchema(schema).build()).text()).startsWith("{");
        }
        assertThat(fenced).isPositive();
    }

    @Test
    void reset_afterScriptAndFaults_forgetsThemAndStaysUsable() {
        SimulatedInferenceBackend ai = SimulatedInferenceBackend.builder().simulate(SimulatedLearner.create(1)).build();
        ai.reply("scripted");
        ai.faults().serverError(Faults.Operation.COMPLETE, 5);
        ai.reset();
        assertThat(ai.requests()).isEmpty();
        String answer = ai.complete(ChatRequest.builder().model(BASE)
            .messages(SimulatedLearnerTest.cardPrompt("1993 TOPPS #98\nDEREK JETER\nPSA 10")).build()).text();
        assertThat(answer).contains("Derek Jeter");
    }
}
