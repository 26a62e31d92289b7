/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JsonSchema;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.internal.serving.InferenceRoutes.StructuredOutputs;
import com.slabstak.slabml.spi.InferenceBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingInferenceBackendTest {
    private static final JsonSchema SCHEMA = new JsonSchema("card", "{\"type\":\"object\"}", true);

    /** Records requests; optionally refuses response formats like some OpenAI-compatible servers. */
    private static final class Server implements InferenceBackend {
        final String name;
        final boolean schemas;
        final List<ChatRequest> requests = new ArrayList<>();
        RuntimeException refusal;

        Server(String name, boolean schemas) {
            this.name = name;
            this.schemas = schemas;
        }

        @Override
        public synchronized ChatResponse complete(ChatRequest request) {
            requests.add(request);
            if (refusal != null && request.responseSchema().isPresent()) {
                throw refusal;
            }
            return ChatResponse.builder().text("{\"from\":\"" + name + "\"}").model(request.model())
                .usage(TokenUsage.ZERO).latency(Duration.ofMillis(1)).build();
        }

        @Override
        public boolean supportsResponseSchema() {
            return schemas;
        }
    }

    private static ChatRequest request(String model, JsonSchema schema) {
        return ChatRequest.builder().model(model).addMessage(ChatMessage.user("hi")).responseSchema(schema).build();
    }

    @Test
    void complete_exactThenLongestPrefixThenDefault_picksTheEndpoint() {
        // given
        Server base = new Server("base", true);
        Server together = new Server("together", true);
        Server lora = new Server("lora", true);
        RoutingInferenceBackend router = RoutingInferenceBackend.builder()
            .defaultBackend(base, StructuredOutputs.AUTO)
            .addEndpoint("together", together, StructuredOutputs.AUTO)
            .addEndpoint("lora", lora, StructuredOutputs.AUTO)
            .routePrefix("meta-llama/", "together")
            .routePrefix("meta-llama/Llama-3-lora", "lora")
            .route("meta-llama/Llama-3-lora-old", "together")
            .build();

        // when
        String a = router.complete(request("meta-llama/Llama-3-8b", null)).text();
        String b = router.complete(request("meta-llama/Llama-3-lora-v2", null)).text();
        String c = router.complete(request("meta-llama/Llama-3-lora-old", null)).text();
        String d = router.complete(request("base-model", null)).text();

        // then
        assertThat(List.of(a, b, c, d)).containsExactly("{\"from\":\"together\"}", "{\"from\":\"lora\"}",
            "{\"from\":\"together\"}", "{\"from\":\"base\"}");
        assertThat(router.endpointOf("base-model")).isEqualTo(RoutingInferenceBackend.DEFAULT);
        assertThat(router.endpointOf("meta-llama/Llama-3-lora-v2")).isEqualTo("lora");
    }

    @Test
    void complete_endpointWithoutStructuredOutputs_sendsTheSameMessagesWithoutSchema() {
        // given
        Server base = new Server("base", true);
        Server vllm = new Server("vllm", true);
        RoutingInferenceBackend router = RoutingInferenceBackend.builder()
            .defaultBackend(base, StructuredOutputs.AUTO)
            .addEndpoint("vllm", vllm, StructuredOutputs.OFF)
            .routePrefix("local/", "vllm")
            .build();

        // when
        router.complete(request("local/model", SCHEMA));
        router.complete(request("base-model", SCHEMA));

        // then
        assertThat(vllm.requests.get(0).responseSchema()).isEmpty();
        assertThat(vllm.requests.get(0).messages()).containsExactly(ChatMessage.user("hi"));
        assertThat(base.requests.get(0).responseSchema()).contains(SCHEMA);
        assertThat(router.supportsResponseSchema()).isTrue();
        assertThat(router.isPromptOnly("local/model")).isTrue();
        assertThat(router.isPromptOnly("base-model")).isFalse();
    }

    @Test
    void complete_autoAndServerRefusesResponseFormat_repeatsOnceWithoutAndRemembers() {
        // given
        Server base = new Server("base", true);
        Server ollama = new Server("ollama", true);
        ollama.refusal = new InvalidRequestException("response_format is not supported", 400, null, "response_format", null);
        RoutingInferenceBackend router = RoutingInferenceBackend.builder()
            .defaultBackend(base, StructuredOutputs.AUTO)
            .addEndpoint("ollama", ollama, StructuredOutputs.AUTO)
            .route("llama3", "ollama")
            .build();

        // when
        ChatResponse first = router.complete(request("llama3", SCHEMA));
        ChatResponse second = router.complete(request("llama3", SCHEMA));

        // then: one refused call, then prompt-only calls
        assertThat(first.text()).isEqualTo("{\"from\":\"ollama\"}");
        assertThat(second.text()).isEqualTo("{\"from\":\"ollama\"}");
        assertThat(ollama.requests).extracting(r -> r.responseSchema().isPresent()).containsExactly(true, false, false);
        assertThat(router.isPromptOnly("llama3")).isTrue();
    }

    @Test
    void complete_structuredOutputsOnAndServerRefuses_throws() {
        Server strict = new Server("strict", true);
        strict.refusal = new InvalidRequestException("Invalid value for response_format", 400, null, null, null);
        RoutingInferenceBackend router = RoutingInferenceBackend.builder()
            .defaultBackend(strict, StructuredOutputs.ON)
            .build();

        assertThatThrownBy(() -> router.complete(request("m", SCHEMA)))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("response_format");
        assertThat(strict.requests).hasSize(1);
    }

    @Test
    void complete_autoAndAnotherInvalidRequest_throwsWithoutRepeating() {
        Server server = new Server("s", true);
        server.refusal = new InvalidRequestException("temperature must be at most 2", 400, null, "temperature", null);
        RoutingInferenceBackend router = RoutingInferenceBackend.builder()
            .defaultBackend(server, StructuredOutputs.AUTO)
            .build();

        assertThatThrownBy(() -> router.complete(request("m", SCHEMA)))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("temperature");
        assertThat(server.requests).hasSize(1);
        assertThat(router.isPromptOnly("m")).isFalse();
    }

    @Test
    void supportsResponseSchema_noEndpointSupportsThem_isFalse() {
        RoutingInferenceBackend router = RoutingInferenceBackend.builder()
            .defaultBackend(new Server("a", false), StructuredOutputs.AUTO)
            .addEndpoint("b", new Server("b", true), StructuredOutputs.OFF)
            .route("x", "b")
            .build();

        assertThat(router.supportsResponseSchema()).isFalse();
    }

    @Test
    void build_backendUnusableUntilCalled_isNotAskedAnything() {
        InferenceBackend unusable = new InferenceBackend() {
            @Override
            public ChatResponse complete(ChatRequest request) {
                throw new ConfigurationException("slabml.openai.api_key: required for this verb");
            }

            @Override
            public boolean supportsResponseSchema() {
                throw new ConfigurationException("slabml.openai.api_key: required for this verb");
            }
        };

        RoutingInferenceBackend router = RoutingInferenceBackend.builder()
            .defaultBackend(unusable, StructuredOutputs.AUTO)
            .build();

        assertThat(router.endpointOf("m")).isEqualTo(RoutingInferenceBackend.DEFAULT);
        assertThatThrownBy(router::supportsResponseSchema).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void build_routeToUnknownEndpointAndEmptyPrefix_failsListingBoth() {
        assertThatThrownBy(() -> RoutingInferenceBackend.builder()
                .defaultBackend(new Server("a", true), StructuredOutputs.AUTO)
                .route("m", "nowhere")
                .routePrefix("", "nowhere")
                .build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("model 'm' is routed to unknown endpoint 'nowhere'")
            .hasMessageContaining("an empty prefix");
    }
}
