/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.openai.OpenAiInferenceBackendProvider;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import com.slabstak.slabml.simulator.http.HttpFault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model manager over the real OpenAI provider and SDK, against the testkit's fake OpenAI server
 * on loopback: every kind of candidate failure is answered by the base model and marked as a
 * fallback.
 */
class ServingAgainstFakeOpenAiServerTest {
    private static final String BASE = "gpt-4o-mini-2024-07-18";
    private static final String FT = "ft:gpt-4o-mini-2024-07-18:slabstak:card-id:abc123";
    private static final String OCR = "MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5";

    @TempDir
    Path dataDirectory;

    private final List<String> modelsAsked = new CopyOnWriteArrayList<>();
    private volatile String candidateAnswer = ModelManagerOverheadBenchmark.ANSWER;
    private volatile boolean candidateMissing;
    private SimulatedOpenAiServer server;
    private InferenceBackend openAi;
    private SlabMl slabMl;
    private ModelManager manager;

    @BeforeEach
    void setUp() {
        InferenceBackend scripted = r -> {
            modelsAsked.add(r.model());
            if (r.model().equals(FT) && candidateMissing) {
                throw new NotFoundException("The model '" + FT + "' does not exist", "model_not_found", null);
            }
            String text = r.model().equals(FT) ? candidateAnswer : ModelManagerOverheadBenchmark.ANSWER;
            return ChatResponse.builder().text(text).model(r.model()).usage(new TokenUsage(180, 40)).build();
        };
        server = new SimulatedOpenAiServer(ModelManagerOverheadBenchmark.noFineTuning(), scripted).start();
        SlabMlConfig config = SlabMlConfig.of(Map.of(
            "slabml.openai.api_key", "sk-test",
            "slabml.openai.base_url", server.baseUrl(),
            "slabml.openai.max_retries", "0",
            "slabml.fine_tuning.base_model", "gpt-4o-mini-2024-07-18"));
        ProviderContext context = ProviderContext.of(config, dataDirectory, Clock.systemUTC());
        openAi = new OpenAiInferenceBackendProvider().create(context);
        slabMl = SlabMl.builder().dataDirectory(dataDirectory).putConfig("slabml.store.provider", "file")
            .putConfig("slabml.fine_tuning.base_model", BASE)
            .modelCatalog(com.slabstak.slabml.simulator.SimulatedModelCatalog.create())
            .fineTuningBackend(ModelManagerOverheadBenchmark.noFineTuning()).inferenceBackend(openAi).build();
        slabMl.registry().startRollout(TaskName.CARD_IDENTIFICATION, FT, 100, "test");
        manager = slabMl.models();
    }

    @AfterEach
    void tearDown() {
        slabMl.close();
        openAi.close();
        server.close();
    }

    @Test
    void identifyCard_healthyCandidate_candidateServesOverHttp() {
        Prediction<CardData> p = manager.identifyCard(OCR, RequestContext.forSubject("user-1"));
        assertThat(p.value().player()).isEqualTo("Michael Jordan");
        assertThat(p.metadata().arm()).isEqualTo(Arm.CANDIDATE);
        assertThat(p.metadata().modelUsed()).isEqualTo(FT);
        assertThat(p.metadata().finetuned()).isTrue();
        assertThat(p.metadata().usage()).isEqualTo(new TokenUsage(180, 40));
    }

    @Test
    void identifyCard_candidateNotFound_baseAnswersAsFallback() {
        candidateMissing = true;
        assertFallback(manager.identifyCard(OCR, RequestContext.forSubject("user-1")), "not_found");
    }

    @Test
    void identifyCard_candidateServerError_baseAnswersAsFallback() {
        server.inject("POST", "/chat/completions", 1, HttpFault.status(500, null, "The server had an error"));
        assertFallback(manager.identifyCard(OCR, RequestContext.forSubject("user-1")), "unavailable");
    }

    @Test
    void identifyCard_candidateRateLimited_baseAnswersAsFallback() {
        server.inject("POST", "/chat/completions", 1, HttpFault.status(429, "rate_limit_exceeded", "Rate limit reached"));
        assertFallback(manager.identifyCard(OCR, RequestContext.forSubject("user-1")), "rate_limited");
    }

    @Test
    void identifyCard_candidateTooSlow_baseAnswersAsFallback() {
        server.inject("POST", "/chat/completions", 1, HttpFault.delay(Duration.ofSeconds(3)));
        RequestContext context = RequestContext.builder().subject("user-1").timeout(Duration.ofMillis(300)).build();
        assertFallback(manager.identifyCard(OCR, context), "timeout");
    }

    @Test
    void identifyCard_candidateAnswerUnparseable_baseAnswersAsFallback() {
        candidateAnswer = "Sorry, I can't read that label.";
        assertFallback(manager.identifyCard(OCR, RequestContext.forSubject("user-1")), "invalid_answer");
    }

    @Test
    void identifyCard_baseFailsToo_providerExceptionPropagates() {
        server.inject("POST", "/chat/completions", 2, HttpFault.status(503, null, "Overloaded"));
        assertThatThrownBy(() -> manager.identifyCard(OCR, RequestContext.forSubject("user-1")))
            .isInstanceOf(ProviderUnavailableException.class);
    }

    private void assertFallback(Prediction<CardData> p, String reasonKind) {
        assertThat(p.value().player()).isEqualTo("Michael Jordan");
        assertThat(p.metadata().arm()).isEqualTo(Arm.FALLBACK);
        assertThat(p.metadata().modelUsed()).isEqualTo(BASE);
        assertThat(p.metadata().fallbackReason()).hasValueSatisfying(r -> assertThat(r).startsWith(reasonKind));
        assertThat(modelsAsked).last().isEqualTo(BASE);
    }
}
