/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ProviderContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real OpenAI service: runs only when {@code OPENAI_API_KEY} is set (and an
 * integration-test runner picks up {@code *IT}); read-only apart from one small chat completion.
 */
class OpenAiLiveIT {
    @TempDir
    Path dir;

    private static ProviderContext context(Path dir) {
        String key = System.getenv("OPENAI_API_KEY");
        assumeTrue(key != null && !key.isBlank(), "OPENAI_API_KEY is not set");
        Map<String, String> config = new HashMap<>();
        config.put("slabml.openai.api_key", key);
        String baseUrl = System.getenv("OPENAI_BASE_URL");
        if (baseUrl != null && !baseUrl.isBlank()) {
            config.put("slabml.openai.base_url", baseUrl);
        }
        return ProviderContext.of(SlabMlConfig.of(config), dir, Clock.systemUTC());
    }

    @Test
    void listModels_realService_includesABaseModel() {
        try (FineTuningBackend openai = new OpenAiFineTuningBackendProvider().create(context(dir))) {
            assertThat(openai.listModels()).extracting(ModelInfo::id).anySatisfy(id -> assertThat(id).startsWith("gpt-"));
            assertThat(openai.listJobs(5, null)).hasSizeLessThanOrEqualTo(5);
        }
    }

    @Test
    void complete_realService_answers() {
        try (InferenceBackend openai = new OpenAiInferenceBackendProvider().create(context(dir))) {
            String text = openai.complete(ChatRequest.builder().model("gpt-4o-mini").maxTokens(5)
                .addMessage(ChatMessage.user("Say OK")).build()).text();
            assertThat(text).isNotBlank();
        }
    }
}
