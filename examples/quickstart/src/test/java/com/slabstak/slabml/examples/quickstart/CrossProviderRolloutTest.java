/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.testkit.InMemoryStores;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One task served across two OpenAI-compatible servers through the real openai-java SDK: the base
 * model on one endpoint, its fine-tuned candidate on another that takes no response formats. The
 * candidate's failures fall back to the base on the other server, open the candidate's circuit and
 * close it again after the cool-down.
 */
class CrossProviderRolloutTest {
    private static final String BASE = "gpt-4o-mini-2024-07-18";
    private static final String CANDIDATE = "slabstak/Meta-Llama-3.1-8B-Instruct-Reference-cards-9f2c1e";
    private static final String OCR = "MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5";
    private static final String OPENAI_KEY = "sk-openai-0123456789";
    private static final String TOGETHER_KEY = "tg-together-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.create();
    private SimulatedOpenAiServer openai;
    private SimulatedOpenAiServer together;
    private SlabMl ml;

    @BeforeEach
    void setUp() {
        SimulatedInferenceBackend openaiModels = SimulatedInferenceBackend.builder().supportsResponseSchema(true).build()
            .replyWith(BASE, r -> "{\"player\":\"Michael Jordan\",\"year\":\"1986\",\"brand\":\"Fleer\","
                + "\"card_number\":\"57\",\"grade\":\"BGS 9\"}");
        SimulatedInferenceBackend togetherModels = SimulatedInferenceBackend.builder().build()
            .replyWith(CANDIDATE, r -> "```json\n{\"player\":\"Michael Jordan\",\"year\":\"1986-87\",\"brand\":\"Fleer\","
                + "\"card_number\":\"57\",\"grade\":\"BGS 9.5\"}\n```");
        openai = new SimulatedOpenAiServer(SimulatedFineTuningBackend.builder().clock(clock).build(), openaiModels, clock)
            .start().requireApiKey(OPENAI_KEY);
        together = new SimulatedOpenAiServer(SimulatedFineTuningBackend.builder().clock(clock).build(), togetherModels, clock)
            .start().requireApiKey(TOGETHER_KEY).refuseResponseFormat(true);
        ml = SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(clock)
            .stores(InMemoryStores.create())
            .fineTuningBackend(SimulatedFineTuningBackend.builder().clock(clock).build())
            .putConfig("slabml.card_identification.base_model", BASE)
            .putConfig("slabml.inference.endpoints", "openai,together")
            .putConfig("slabml.inference.default_endpoint", "openai")
            .putConfig("slabml.inference.routes", "slabstak/*=together")
            .putConfig("slabml.inference.endpoints.openai.provider", "openai")
            .putConfig("slabml.inference.endpoints.openai.base_url", openai.baseUrl())
            .putConfig("slabml.inference.endpoints.openai.api_key", OPENAI_KEY)
            .putConfig("slabml.inference.endpoints.openai.max_retries", "0")
            .putConfig("slabml.inference.endpoints.openai.response_validation", "true")
            .putConfig("slabml.inference.endpoints.together.provider", "openai")
            .putConfig("slabml.inference.endpoints.together.base_url", together.baseUrl())
            .putConfig("slabml.inference.endpoints.together.api_key", TOGETHER_KEY)
            .putConfig("slabml.inference.endpoints.together.max_retries", "0")
            .putConfig("slabml.inference.endpoints.together.response_validation", "true")
            .putConfig("slabml.serving.breaker.consecutive_failures", "2")
            .putConfig("slabml.serving.breaker.cool_down", "30s")
            .build();
        ml.registry().startRollout(TaskName.CARD_IDENTIFICATION, CANDIDATE, 100, "move the task to the tuned Llama");
    }

    @AfterEach
    void tearDown() {
        ml.close();
        openai.close();
        together.close();
    }

    private Prediction<CardData> identify() {
        return ml.models().identifyCard(OCR, RequestContext.forSubject("user-42"));
    }

    @Test
    void identifyCard_candidateOnOtherEndpoint_isServedThereWithItsKeyAndPromptOnly() throws Exception {
        // when
        Prediction<CardData> p = identify();

        // then: the candidate answered from the second server; the first was not called
        assertThat(p.metadata().modelUsed()).isEqualTo(CANDIDATE);
        assertThat(p.metadata().arm()).isEqualTo(Arm.CANDIDATE);
        assertThat(p.value().grade()).contains("BGS 9.5");
        assertThat(openai.requests()).isEmpty();
        // the server refused the response format once; the same messages then went without it
        assertThat(together.requests("POST", "/chat/completions")).hasSize(2)
            .allSatisfy(r -> assertThat(r.header("authorization")).contains("Bearer " + TOGETHER_KEY));
        RecordedRequest refused = together.requests("POST", "/chat/completions").get(0);
        RecordedRequest plain = together.requests("POST", "/chat/completions").get(1);
        assertThat(JSON.readTree(refused.body()).has("response_format")).isTrue();
        assertThat(JSON.readTree(plain.body()).has("response_format")).isFalse();
        assertThat(JSON.readTree(plain.body()).get("messages")).isEqualTo(JSON.readTree(refused.body()).get("messages"));

        // and later calls go prompt-only straight away
        identify();
        assertThat(together.requests("POST", "/chat/completions")).hasSize(3);
    }

    @Test
    void identifyCard_candidateEndpointFails_fallsBackToBaseEndpointOpensCircuitAndRecovers() throws Exception {
        // given: the second server answers 503 twice
        identify();
        together.inject("POST", "/chat/completions", 2, HttpFault.status(503, null, "The server is overloaded"));
        int togetherCalls = together.requests().size();

        // when: two failures
        Prediction<CardData> first = identify();
        Prediction<CardData> second = identify();

        // then: both answered by the base model on the first server, with structured outputs
        assertThat(first.metadata().arm()).isEqualTo(Arm.FALLBACK);
        assertThat(first.metadata().modelUsed()).isEqualTo(BASE);
        assertThat(first.metadata().fallbackReason()).hasValueSatisfying(r -> assertThat(r).doesNotStartWith("circuit_open"));
        assertThat(first.value().grade()).contains("BGS 9");
        assertThat(second.metadata().arm()).isEqualTo(Arm.FALLBACK);
        assertThat(openai.requests("POST", "/chat/completions")).hasSize(2)
            .allSatisfy(r -> assertThat(r.header("authorization")).contains("Bearer " + OPENAI_KEY));
        assertThat(JSON.readTree(openai.requests("POST", "/chat/completions").get(0).body())
            .at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(together.requests().size()).isEqualTo(togetherCalls + 2);

        // when: the circuit is open, the candidate's server is not called at all
        Prediction<CardData> third = identify();

        // then
        assertThat(third.metadata().arm()).isEqualTo(Arm.FALLBACK);
        assertThat(third.metadata().fallbackReason()).hasValueSatisfying(r -> assertThat(r).startsWith("circuit_open"));
        assertThat(together.requests().size()).isEqualTo(togetherCalls + 2);
        assertThat(openai.requests("POST", "/chat/completions")).hasSize(3);

        // when: after the cool-down the probe reaches the healthy server
        clock.advance(Duration.ofSeconds(31));
        Prediction<CardData> recovered = identify();

        // then
        assertThat(recovered.metadata().arm()).isEqualTo(Arm.CANDIDATE);
        assertThat(recovered.metadata().modelUsed()).isEqualTo(CANDIDATE);
        assertThat(together.requests().size()).isEqualTo(togetherCalls + 3);
        assertThat(identify().metadata().arm()).isEqualTo(Arm.CANDIDATE);
    }
}
