/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture the fine-tuning tests share: a {@link ScriptedBackend} behind the fake OpenAI server,
 * and the OpenAI fine-tuning backend pointed at it through the real SDK.
 */
abstract class ScriptedServerTest {
    static final String KEY = "sk-test-0123456789abcdef";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T20:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    ScriptedBackend backend;
    SimulatedOpenAiServer server;
    FineTuningBackend openai;

    @BeforeEach
    void startServer() {
        backend = new ScriptedBackend();
        server = new SimulatedOpenAiServer(backend, backend).start().requireApiKey(KEY);
        openai = backend(Map.of());
    }

    @AfterEach
    void stopServer() {
        openai.close();
        server.close();
    }

    /**
     * A backend on the fake server with response validation on and no SDK retries, unless an
     * override says otherwise; an override with an empty value removes that key.
     */
    FineTuningBackend backend(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>();
        config.put("slabml.openai.api_key", KEY);
        config.put("slabml.openai.base_url", server.baseUrl());
        config.put("slabml.openai.response_validation", "true");
        config.put("slabml.openai.max_retries", "0");
        config.putAll(overrides);
        config.values().removeIf(String::isEmpty);
        return new OpenAiFineTuningBackendProvider().create(ProviderContext.of(SlabMlConfig.of(config), dir, CLOCK));
    }
}
