/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import com.slabstak.slabml.openai.internal.OpenAiInferenceBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.InferenceBackendProvider;
import com.slabstak.slabml.spi.ProviderContext;
import java.util.Objects;

/**
 * The {@code openai} inference provider: chat completions on OpenAI, or on Azure OpenAI (the model
 * is the deployment name) when {@code slabml.openai.azure.endpoint} is set. Honours
 * {@link com.slabstak.slabml.ChatRequest#responseSchema()} (structured outputs) and per-call
 * timeouts. Configured like {@link OpenAiFineTuningBackendProvider}.
 *
 * {@code
 * InferenceBackend backend = new OpenAiInferenceBackendProvider().create(context);
 * ChatResponse r = backend.complete(ChatRequest.builder().model("gpt-4o-mini").addMessage(ChatMessage.user("hi")).build());
 * }
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
}
