/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JsonSchema;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.FineTuningBackendProvider;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.InferenceBackendProvider;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat completions and Azure OpenAI through the real SDK against the fake server. */
class OpenAiInferenceBackendTest {
    private static final String KEY = ScriptedServerTest.KEY;
    private static final String AZURE_KEY = "azure-key-00112233445566";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T20:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private ScriptedBackend backend;
    private SimulatedOpenAiServer server;
    private InferenceBackend openai;

    @BeforeEach
    void setUp() {
        backend = new ScriptedBackend();
        server = new SimulatedOpenAiServer(backend, backend, CLOCK).start().requireApiKey(KEY);
        openai = new OpenAiInferenceBackendProvider().create(context(Map.of(
            "slabml.openai.api_key", KEY,
            "slabml.openai.base_url", server.baseUrl(),
            "slabml.openai.response_validation", "true",
            "slabml.openai.max_retries", "0")));
    }

    @AfterEach
    void tearDown() {
        openai.close();
        server.close();
    }

    private ProviderContext context(Map<String, String> config) {
        return ProviderContext.of(SlabMlConfig.of(config), dir, CLOCK);
    }

    private static ChatRequest.Builder chat(String model) {
        return ChatRequest.builder()
            .model(model)
            .addMessage(ChatMessage.system("You identify sports cards."))
            .addMessage(ChatMessage.user("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5"));
    }

    @Test
    void complete_messagesTemperatureAndMaxTokens_sendsThemAndReturnsTextUsageAndModel() throws Exception {
        backend.replies.add("{\"player\":\"Michael Jordan\"}");

        ChatResponse response = openai.complete(chat("gpt-4o-mini-2024-07-18").temperature(0.2).maxTokens(300)
            .addMessage(ChatMessage.assistant("previous answer")).build());

        assertThat(response.text()).isEqualTo("{\"player\":\"Michael Jordan\"}");
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.usage()).isEqualTo(new TokenUsage(12, 5));
        assertThat(response.finishReason()).contains("stop");
        assertThat(response.latency()).isPositive();
        ChatRequest received = backend.chatRequests.get(0);
        assertThat(received.messages()).containsExactly(
            ChatMessage.system("You identify sports cards."),
            ChatMessage.user("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5"),
            ChatMessage.assistant("previous answer"));
        assertThat(received.temperature()).hasValue(0.2);
        assertThat(received.maxTokens()).hasValue(300);
        assertThat(received.responseSchema()).isEmpty();
    }

    @Test
    void complete_responseSchema_sendsAJsonSchemaResponseFormat() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"player\":{\"type\":\"string\"}},"
            + "\"required\":[\"player\"],\"additionalProperties\":false}";

        openai.complete(chat("gpt-4o-mini-2024-07-18").responseSchema(new JsonSchema("card", schema, true)).build());

        JsonNode sent = JSON.readTree(server.requests("POST", "/chat/completions").get(0).body());
        assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(sent.at("/response_format/json_schema/name").asText()).isEqualTo("card");
        assertThat(sent.at("/response_format/json_schema/strict").asBoolean()).isTrue();
        assertThat(sent.at("/response_format/json_schema/schema")).isEqualTo(JSON.readTree(schema));
        assertThat(backend.chatRequests.get(0).responseSchema().get().name()).isEqualTo("card");
        assertThat(openai.supportsResponseSchema()).isTrue();
    }

    @Test
    void complete_malformedSchema_throwsInvalidInputWithoutCallingTheServer() {
        ChatRequest request = chat("gpt-4o-mini-2024-07-18").responseSchema(new JsonSchema("card", "{not json", true)).build();

        assertThatThrownBy(() -> openai.complete(request))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("responseSchema");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void complete_slowerThanThePerCallTimeout_throwsProviderTimeout() {
        server.inject("POST", "/chat/completions", 1, HttpFault.delay(Duration.ofSeconds(5)));

        assertThatThrownBy(() -> openai.complete(chat("gpt-4o-mini-2024-07-18").timeout(Duration.ofMillis(300)).build()))
            .isInstanceOf(ProviderTimeoutException.class)
            .satisfies(e -> assertThat(((ProviderTimeoutException) e).isRetryable()).isTrue());
    }

    @Test
    void complete_fineTunedModelNotLoadedYet_throwsNotFound() {
        assertThatThrownBy(() -> openai.complete(chat("ft:gpt-4o-mini-2024-07-18:org:x:new").build()))
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining("model_not_found");
    }

    @Test
    void complete_unsupportedRole_throwsInvalidInput() {
        ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").addMessage(new ChatMessage("robot", "x")).build();

        assertThatThrownBy(() -> openai.complete(request))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("robot");
    }

    @Test
    void azure_chatCompletion_usesDeploymentPathApiVersionAndApiKeyHeader() {
        server.requireApiKey(AZURE_KEY);
        InferenceBackend azure = new OpenAiInferenceBackendProvider().create(context(Map.of(
            "slabml.openai.azure.endpoint", server.rootUrl(),
            "slabml.openai.azure.api_key", AZURE_KEY,
            "slabml.openai.azure.api_version", "2024-10-21",
            "slabml.openai.response_validation", "true",
            "slabml.openai.max_retries", "0")));

        ChatResponse response = azure.complete(chat("gpt-4o-mini").build());

        RecordedRequest sent = server.requests("POST", "/chat/completions").get(0);
        assertThat(sent.path()).isEqualTo("/openai/deployments/gpt-4o-mini/chat/completions");
        assertThat(sent.queryParam("api-version")).contains("2024-10-21");
        assertThat(sent.header("api-key")).contains(AZURE_KEY);
        assertThat(sent.header("authorization")).isEmpty();
        assertThat(response.model()).isEqualTo("gpt-4o-mini");
        azure.close();
    }

    @Test
    void azure_fineTuningJob_isCreatedOnTheAzureRoute() throws Exception {
        server.requireApiKey(AZURE_KEY);
        FineTuningBackend azure = new OpenAiFineTuningBackendProvider().create(context(Map.of(
            "slabml.openai.azure.endpoint", server.rootUrl() + "/",
            "slabml.openai.azure.api_key", AZURE_KEY,
            "slabml.openai.azure.api_version", "2024-10-21",
            "slabml.openai.response_validation", "true")));
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, "{\"messages\":[]}\n");

        String fileId = azure.uploadFile(file).id();
        String jobId = azure.createJob(JobRequest.builder().trainingFileId(fileId).model("gpt-4o-mini-2024-07-18").build()).id();

        assertThat(azure.retrieveJob(jobId).trainingFileId()).isEqualTo(fileId);
        assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly(
            "/openai/files", "/openai/fine_tuning/jobs", "/openai/fine_tuning/jobs/" + jobId);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("api-key")).contains(AZURE_KEY));
        assertThat(server.requests()).extracting(RecordedRequest::route).containsExactly(
            "/files", "/fine_tuning/jobs", "/fine_tuning/jobs/" + jobId);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.queryParam("api-version")).contains("2024-10-21"));
        azure.close();
    }

    @Test
    void azure_missingKey_throwsConfigurationExceptionNamingTheAzureKey() {
        assertThatThrownBy(() -> new OpenAiInferenceBackendProvider().create(context(Map.of(
            "slabml.openai.azure.endpoint", server.rootUrl()))))
            .isInstanceOf(com.slabstak.slabml.ConfigurationException.class)
            .hasMessageContaining("slabml.openai.azure.api_key");
    }

    @Test
    void serviceLoader_providers_areRegisteredUnderTheNameOpenai() {
        List<String> fineTuning = ServiceLoader.load(FineTuningBackendProvider.class).stream()
            .map(p -> p.get().name()).collect(Collectors.toList());
        List<String> inference = ServiceLoader.load(InferenceBackendProvider.class).stream()
            .map(p -> p.get().name()).collect(Collectors.toList());

        assertThat(fineTuning).contains("openai");
        assertThat(inference).contains("openai");
    }
}
