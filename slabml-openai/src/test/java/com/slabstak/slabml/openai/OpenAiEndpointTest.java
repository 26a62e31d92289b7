/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JsonSchema;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.InferenceEndpoint;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backends for named endpoints: configured by the endpoint's keys alone, through the real SDK. */
class OpenAiEndpointTest {
    private static final String KEY = "vllm-key-0123456789";

    @TempDir
    Path dir;

    private SimulatedInferenceBackend models;
    private SimulatedOpenAiServer server;

    @BeforeEach
    void setUp() {
        models = SimulatedInferenceBackend.builder().build().replyWith(r -> "{\"player\":\"Ken Griffey Jr.\"}");
        server = new SimulatedOpenAiServer(SimulatedFineTuningBackend.builder().clock(Clock.systemUTC()).build(), models, Clock.systemUTC())
            .start().requireApiKey(KEY);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private InferenceBackend endpoint(Map<String, String> values) {
        SlabMlConfig config = SlabMlConfig.of(values);
        return new OpenAiInferenceBackendProvider().create(ProviderContext.of(config, dir, Clock.systemUTC()),
            InferenceEndpoint.of("vllm", config));
    }

    private static ChatRequest chat(JsonSchema schema) {
        return ChatRequest.builder().model("local/llama").addMessage(ChatMessage.user("KEN GRIFFEY JR 1989 UPPER DECK #1"))
            .responseSchema(schema).build();
    }

    @Test
    void create_endpointKeys_callsItsBaseUrlWithItsKeyIgnoringOpenAiKeys() {
        // given: the provider's own keys point elsewhere
        Map<String, String> values = new HashMap<>();
        values.put("slabml.openai.api_key", "sk-not-this-one-0000");
        values.put("slabml.openai.base_url", "http://127.0.0.1:9/v1");
        values.put("slabml.inference.endpoints.vllm.base_url", server.baseUrl());
        values.put("slabml.inference.endpoints.vllm.api_key", KEY);
        values.put("slabml.inference.endpoints.vllm.max_retries", "0");
        values.put("slabml.inference.endpoints.vllm.response_validation", "true");

        // when
        try (InferenceBackend vllm = endpoint(values)) {
            String text = vllm.complete(chat(null)).text();

            // then
            assertThat(text).isEqualTo("{\"player\":\"Ken Griffey Jr.\"}");
            assertThat(server.requests("POST", "/chat/completions")).singleElement()
                .satisfies(r -> assertThat(r.header("authorization")).contains("Bearer " + KEY));
        }
    }

    @Test
    void create_missingKeyAndBadUrl_failsNamingTheEndpointKeysAndVariable() {
        Map<String, String> values = Map.of(
            "slabml.openai.api_key", "sk-not-this-one-0000",
            "slabml.inference.endpoints.vllm.base_url", "localhost:8000",
            "slabml.inference.endpoints.vllm.timeout", "0s");

        assertThatThrownBy(() -> endpoint(values))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("inference endpoint 'vllm' is not configured")
            .hasMessageContaining("slabml.inference.endpoints.vllm.api_key: required (environment variable "
                + "SLABML_INFERENCE_ENDPOINTS_VLLM_API_KEY)")
            .hasMessageContaining("slabml.inference.endpoints.vllm.base_url: expected an http(s) URL, was 'localhost:8000'")
            .hasMessageContaining("slabml.inference.endpoints.vllm.timeout: must be positive")
            .hasMessageNotContaining("sk-not-this-one");
    }

    @Test
    void complete_serverRefusesResponseFormat_throwsInvalidRequestNamingIt() {
        server.refuseResponseFormat(true);
        Map<String, String> values = Map.of(
            "slabml.inference.endpoints.vllm.base_url", server.baseUrl(),
            "slabml.inference.endpoints.vllm.api_key", KEY,
            "slabml.inference.endpoints.vllm.max_retries", "0");

        try (InferenceBackend vllm = endpoint(values)) {
            assertThatThrownBy(() -> vllm.complete(chat(new JsonSchema("card", "{\"type\":\"object\"}", true))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.param()).contains("response_format");
                    assertThat(e.statusCode()).hasValue(400);
                });
            assertThat(vllm.complete(chat(null)).text()).contains("Ken Griffey Jr.");
            assertThat(models.requests()).hasSize(1);
        }
    }
}
