/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.InferenceEndpoint;
import com.slabstak.slabml.spi.ProviderContext;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Chat completions on OpenAI (or Azure OpenAI, where the model is the deployment name), on
 * openai-java. Public for the provider factory only; not part of the API.
 */
public final class OpenAiInferenceBackend implements InferenceBackend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAIClient client;
    private final OpenAiErrors errors;

    OpenAiInferenceBackend(OpenAIClient client, OpenAiErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    /** Builds the backend from {@code slabml.openai.*} configuration. */
    public static OpenAiInferenceBackend create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        OpenAiClients.Settings settings = OpenAiClients.create(context.config());
        return new OpenAiInferenceBackend(settings.client(), new OpenAiErrors(settings.secrets(), context.clock(), settings.azure()));
    }

    /**
     * Builds the backend for one named endpoint from its own keys: {@code base_url}, {@code api_key},
     * {@code timeout}, {@code max_retries}, {@code organization}, {@code project},
     * {@code response_validation} and {@code azure.*}, each under
     * {@code slabml.inference.endpoints.<name>.}. Nothing is inherited from {@code slabml.openai.*}.
     */
    public static OpenAiInferenceBackend create(ProviderContext context, InferenceEndpoint endpoint) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(endpoint, "endpoint");
        OpenAiClients.Settings settings = OpenAiClients.create(context.config(), OpenAiClients.Keys.of(endpoint));
        return new OpenAiInferenceBackend(settings.client(), new OpenAiErrors(settings.secrets(), context.clock(), settings.azure()));
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(request.model());
        for (ChatMessage m : request.messages()) {
            switch (m.role()) {
                case "system":
                    params.addSystemMessage(m.content());
                    break;
                case "user":
                    params.addUserMessage(m.content());
                    break;
                case "assistant":
                    params.addAssistantMessage(m.content());
                    break;
                case "developer":
                    params.addDeveloperMessage(m.content());
                    break;
                default:
                    throw new InvalidInputException("messages", "unsupported role '" + m.role() + "'");
            }
        }
        request.temperature().ifPresent(params::temperature);
        request.maxTokens().ifPresent(params::maxCompletionTokens);
        request.responseSchema().ifPresent(s -> params.responseFormat(ResponseFormatJsonSchema.builder()
            .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                .name(s.name())
                .strict(s.strict())
                .schema(schema(s.schemaJson()))
                .build())
            .build()));
        RequestOptions options = request.timeout()
            .map(t -> RequestOptions.builder().timeout(t).build())
            .orElse(RequestOptions.none());
        long start = System.nanoTime();
        ChatCompletion completion = errors.call("chat completion", () -> client.chat().completions().create(params.build(), options));
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        return errors.call("chat completion", () -> {
            if (completion.choices().isEmpty()) {
                throw new ProviderException("chat completion returned no choices", 0, null, null);
            }
            ChatCompletion.Choice choice = completion.choices().get(0);
            String text = choice.message().content()
                .or(() -> choice.message().refusal())
                .orElse("");
            TokenUsage usage = completion.usage()
                .map(u -> new TokenUsage(u.promptTokens(), u.completionTokens()))
                .orElse(TokenUsage.ZERO);
            return ChatResponse.builder()
                .text(text)
                .model(completion.model())
                .usage(usage)
                .latency(latency)
                .finishReason(choice._finishReason().asKnown().map(f -> f.asString()).orElse(null))
                .build();
        });
    }

    @Override
    public boolean supportsResponseSchema() {
        return true;
    }

    @Override
    public void close() {
        client.close();
    }

    private static ResponseFormatJsonSchema.JsonSchema.Schema schema(String json) {
        Map<String, Object> parsed;
        try {
            parsed = JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("responseSchema", 0, "not a JSON object: " + e.getOriginalMessage(), null);
        }
        ResponseFormatJsonSchema.JsonSchema.Schema.Builder b = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        parsed.forEach((k, v) -> b.putAdditionalProperty(k, JsonValue.from(v)));
        return b.build();
    }
}
