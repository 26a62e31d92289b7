/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together;

import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.FineTuningBackendProvider;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.together.internal.TogetherCatalog;
import com.slabstak.slabml.together.internal.TogetherFineTuningBackend;
import java.util.Objects;

/**
 * The {@code together} fine-tuning provider: files, fine-tuning jobs (LoRA or full), events,
 * checkpoints and models on Together AI. Select it with {@code slabml.fine_tuning.provider=together}.
 *
 * <p>Configuration ({@code slabml.together.*}): {@code api_key} (required; environment variable
 * {@code TOGETHER_API_KEY}), {@code base_url} (default {@code https://api.together.xyz/v1}),
 * {@code max_retries} (default 2, the only retry layer; job creation is never retried),
 * {@code timeout} (default 60s); job defaults {@code training_type} ({@code lora} or {@code full}),
 * {@code lora_r}, {@code lora_alpha}, {@code learning_rate} (default 1e-5, scaled by a request's
 * learning-rate multiplier), {@code n_evals}, {@code n_checkpoints}, each overridable for one job
 * with metadata {@code together.<name>}. A missing key fails with a
 * {@link com.slabstak.slabml.ConfigurationException} that never shows a key.
 *
 * <p>Errors: 400/422 {@code InvalidRequestException}, 401 {@code AuthenticationException}, 403
 * {@code PermissionDeniedException}, 404 {@code NotFoundException}, 429 {@code RateLimitException},
 * 408 {@code ProviderTimeoutException}, 409 and 5xx and network failures
 * {@code ProviderUnavailableException}. A file that breaks Together's dataset rules is refused
 * before upload with an {@code InvalidInputException} naming the line.
 *
 * <pre>{@code
 * FineTuningBackend together = new TogetherFineTuningBackendProvider().create(ProviderContext.of(
 *     SlabMlConfig.of(Map.of("slabml.together.api_key", key)), dataDir, Clock.systemUTC()));
 * UploadedFile file = together.uploadFile(Path.of("train.jsonl"));
 * FineTuningJob job = together.createJob(JobRequest.builder().trainingFileId(file.id())
 *     .model("meta-llama/Meta-Llama-3.1-8B-Instruct-Reference").suffix("cards").build());
 * }</pre>
 *
 * @since 0.2
 */
public final class TogetherFineTuningBackendProvider implements FineTuningBackendProvider {
    /** The provider name, {@code together}. */
    public static final String NAME = "together";

    /** Creates the provider; all work happens in {@link #create}. */
    public TogetherFineTuningBackendProvider() {
    }

    /** @return {@code together} */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * Builds the backend from the context's {@code slabml.together.*} configuration; its idempotency
     * notes live under the context's data directory.
     *
     * @return a new backend; close it when done
     * @throws com.slabstak.slabml.ConfigurationException if the key is missing or a value is invalid
     */
    @Override
    public FineTuningBackend create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return TogetherFineTuningBackend.create(context);
    }

    /**
     * Together's base models (Llama 3.1 Reference, gpt-oss, GLM, DeepSeek), their context, methods
     * (supervised and preference) and limits, read without a key; the default model is
     * {@code meta-llama/Meta-Llama-3.1-8B-Instruct-Reference}. Prices are not listed (declare them
     * with {@code slabml.models}); the README names the source of each value.
     *
     * @return the catalogue
     */
    @Override
    public ModelCatalog catalog(SlabMlConfig config) {
        Objects.requireNonNull(config, "config");
        return TogetherCatalog.create();
    }

    /** {@code TOGETHER_API_KEY}, the variable Together's own SDKs read. */
    @Override
    public java.util.Map<String, String> environmentAliases() {
        return java.util.Map.of("TOGETHER_API_KEY", "slabml.together.api_key");
    }
}
