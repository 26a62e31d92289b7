/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import com.slabstak.slabml.openai.internal.OpenAiInferenceBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.InferenceBackendProvider;
import com.slabstak.slabml.spi.InferenceEndpoint;
import com.slabstak.slabml.spi.ProviderContext;
import java.util.Objects;

/**
 * The {@code openai} inference provider: chat completions on OpenAI, or on Azure OpenAI (the model
 * is the deployment name) when {@code slabml.openai.azure.endpoint} is set. Honours
 * {@link com.slabstak.slabml.ChatRequest#responseSchema()} (structured outputs) and per-call
 * timeouts. Configured like {@link OpenAiFineTuningBackendProvider}.
 *
 * <pre>{@code
 * InferenceBackend backend = new OpenAiInferenceBackendProvider().create(context);
 * ChatResponse r = backend.complete(ChatRequest.builder().model("gpt-4o-mini").addMessage(ChatMessage.user("hi")).build());
 * }</pre>
 */
public final class OpenAiInferenceBackendProvider implements InferenceBackendProvider {
    /** The provider name, {@code openai}. */
    public static final String NAME = "openai";

    /** Creates the provider; all work happens in {@link #create}. */
    public OpenAiInferenceBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InferenceBackend create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return OpenAiInferenceBackend.create(context);
    }

    /** The variables the seed and OpenAI's SDKs read: {@code OPENAI_API_KEY}, {@code AZURE_OPENAI_ENDPOINT}, ... */
    @Override
    public java.util.Map<String, String> environmentAliases() {
        return com.slabstak.slabml.openai.internal.OpenAiModelCatalog.environmentAliases();
    }

    /**
     * Creates a backend for one OpenAI-compatible endpoint (vLLM, Ollama, Together, Fireworks,
     * Azure OpenAI, OpenAI) from the endpoint's own keys, {@code base_url}, {@code api_key},
     * {@code timeout}, {@code max_retries}, {@code organization}, {@code project},
     * {@code response_validation} and {@code azure.endpoint}/{@code azure.api_key}/{@code azure.api_version},
     * each under {@code slabml.inference.endpoints.<name>.}; nothing is inherited from
     * {@code slabml.openai.*}. A server that takes no key accepts any {@code api_key}.
     *
     * <pre>{@code
     * InferenceBackend vllm = new OpenAiInferenceBackendProvider().create(context, InferenceEndpoint.of("vllm", context.config()));
     * }</pre>
     *
     * @throws com.slabstak.slabml.ConfigurationException naming the endpoint's missing or bad keys
     * @since 0.2
     */
    @Override
    public InferenceBackend create(ProviderContext context, InferenceEndpoint endpoint) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(endpoint, "endpoint");
        return OpenAiInferenceBackend.create(context, endpoint);
    }
}
