/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together;

import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedBackends;
import com.slabstak.slabml.simulator.together.SimulatedTogetherServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** One fake Together server over simulated backends on a manual clock, and backends pointed at it. */
final class TogetherHarness implements AutoCloseable {
    static final String KEY = "tgp_v1_contract_key_0001";
    static final String BASE = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";

    final ManualClock clock = ManualClock.create();
    final SimulatedBackends sim = SimulatedBackends.create(clock, 42, SimulatedTogetherServer.BASE_MODELS);
    final SimulatedTogetherServer server = new SimulatedTogetherServer(sim).start().requireApiKey(KEY);
    final Path dataDir;

    TogetherHarness(Path dataDir) {
        this.dataDir = dataDir;
    }

    Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("slabml.together.api_key", KEY);
        config.put("slabml.together.base_url", server.baseUrl());
        config.put("slabml.together.max_retries", "0");
        return config;
    }

    FineTuningBackend backend() {
        return backend(config());
    }

    FineTuningBackend backend(Map<String, String> config) {
        return new TogetherFineTuningBackendProvider().create(ProviderContext.of(SlabMlConfig.of(config), dataDir, clock));
    }

    /** Runs the simulated job to its end. */
    void finish(String togetherJobId) {
        sim.fineTuning().finish(server.backendJobId(togetherJobId));
    }

    @Override
    public void close() {
        server.close();
    }
}
