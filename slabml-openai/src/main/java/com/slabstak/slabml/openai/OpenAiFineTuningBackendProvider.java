/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import com.slabstak.slabml.openai.internal.OpenAiFineTuningBackend;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.FineTuningBackendProvider;
import com.slabstak.slabml.spi.ProviderContext;
import java.util.Objects;

/**
 * The {@code openai} fine-tuning provider: files, fine-tuning jobs, events, checkpoints and models
 * on OpenAI, or on Azure OpenAI when {@code slabml.openai.azure.endpoint} is set.
 *
 * <p>Configuration: {@code slabml.openai.api_key} (required unless Azure), {@code base_url},
 * {@code organization}, {@code project}, {@code max_retries} (default 2, the only retry layer),
 * {@code timeout}; for Azure {@code slabml.openai.azure.endpoint}, {@code azure.api_key},
 * {@code azure.api_version}. {@code slabml.openai.response_validation=true} makes the SDK check
 * every response against OpenAI's schema (for tests against a fake server; it rejects statuses
 * such as {@code paused} that OpenAI returns but the schema lacks). A missing key fails with a
 * {@link com.slabstak.slabml.ConfigurationException} that never shows a key.
 *
 * <p>Errors: 400/422 {@code InvalidRequestException} (with the parameter), 401
 * {@code AuthenticationException}, 403 {@code PermissionDeniedException} ({@code
 * FineTuningUnavailableException} on job creation), 404 {@code NotFoundException}, 429
 * {@code RateLimitException} (a daily limit is neither retried nor retryable, and says when to try
 * again), 5xx and network failures {@code ProviderUnavailableException}, timeouts
 * {@code ProviderTimeoutException}. Job creation is never retried: a lost response is recovered
 * with {@code findJobByIdempotencyKey}.
 *
 * <pre>{@code
 * FineTuningBackend backend = new OpenAiFineTuningBackendProvider().create(
 *     ProviderContext.of(SlabMlConfig.of(Map.of("slabml.openai.api_key", key)), dataDir, Clock.systemUTC()));
 * }</pre>
 */
public final class OpenAiFineTuningBackendProvider implements FineTuningBackendProvider {
    /** The provider name, {@code openai}. */
    public static final String NAME = "openai";

    /** Creates the provider; all work happens in {@link #create}. */
    public OpenAiFineTuningBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FineTuningBackend create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return OpenAiFineTuningBackend.create(context);
    }

    /** The variables the seed and OpenAI's SDKs read: {@code OPENAI_API_KEY}, {@code AZURE_OPENAI_ENDPOINT}, ... */
    @Override
    public java.util.Map<String, String> environmentAliases() {
        return com.slabstak.slabml.openai.internal.OpenAiModelCatalog.environmentAliases();
    }

    /**
     * OpenAI's models, limits, tokenizers, training prices, DPO support and shutdown dates; needs
     * no key.
     */
    @Override
    public com.slabstak.slabml.spi.ModelCatalog catalog(com.slabstak.slabml.SlabMlConfig config) {
        return com.slabstak.slabml.openai.internal.OpenAiModelCatalog.create();
    }
}
