/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.simulator.Faults;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedBackends;
import com.slabstak.slabml.testkit.contract.FineTuningBackendContract;
import com.slabstak.slabml.testkit.contract.InferenceBackendContract;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI provider passes the same contracts as the testkit's fakes: through the real SDK with
 * strict response validation, over loopback HTTP to the fake OpenAI server in front of the
 * simulated backends, on the OpenAI routes and on the Azure OpenAI routes.
 */
class OpenAiContractTest {
    private static final String KEY = "sk-contract-key-0001";

    /** One fake server over simulated backends on a manual clock, per test. */
    static final class Harness {
        final ManualClock clock = ManualClock.create();
        SimulatedBackends sim;
        SimulatedOpenAiServer server;

        Map<String, String> openAiConfig() {
            Map<String, String> config = new HashMap<>();
            config.put("slabml.openai.api_key", KEY);
            config.put("slabml.openai.base_url", server.baseUrl());
            return config;
        }

        Map<String, String> azureConfig() {
            Map<String, String> config = new HashMap<>();
            config.put("slabml.openai.azure.endpoint", server.rootUrl());
            config.put("slabml.openai.azure.api_key", KEY);
            config.put("slabml.openai.azure.api_version", "2024-10-21");
            return config;
        }

        ProviderContext start(Path dir, boolean azure) {
            sim = SimulatedBackends.create(clock);
            server = new SimulatedOpenAiServer(sim).start().requireApiKey(KEY);
            Map<String, String> config = azure ? azureConfig() : openAiConfig();
            config.put("slabml.openai.response_validation", "true");
            config.put("slabml.openai.max_retries", "0");
            return ProviderContext.of(SlabMlConfig.of(config), dir, clock);
        }

        void stop() {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The fine-tuning contract against the fake server, on the OpenAI or the Azure OpenAI routes. */
    abstract static class FineTuningOnFakeServer extends FineTuningBackendContract {
        @TempDir
        Path dir;
        private final Harness harness = new Harness();
        private final boolean azure;

        FineTuningOnFakeServer(boolean azure) {
            this.azure = azure;
        }

        @Override
        protected FineTuningBackend createBackend() {
            return new OpenAiFineTuningBackendProvider().create(harness.start(dir, azure));
        }

        @Override
        protected FineTuningJob runToCompletion(String jobId) {
            harness.sim.fineTuning().finish(jobId);
            return backend().retrieveJob(jobId);
        }

        @AfterEach
        void stopServer() {
            harness.stop();
        }
    }

    /** The inference contract against the fake server, on the OpenAI or the Azure OpenAI routes. */
    abstract static class InferenceOnFakeServer extends InferenceBackendContract {
        @TempDir
        Path dir;
        private final Harness harness = new Harness();
        private final boolean azure;

        InferenceOnFakeServer(boolean azure) {
            this.azure = azure;
        }

        @Override
        protected InferenceBackend createBackend() {
            return new OpenAiInferenceBackendProvider().create(harness.start(dir, azure));
        }

        @Override
        protected void scriptReply(String model, String text) {
            harness.sim.inference().reply(model, text);
        }

        @Override
        protected void scriptServerError(String model) {
            harness.sim.inference().faults().serverError(Faults.Operation.COMPLETE, model, Faults.ALWAYS);
        }

        @AfterEach
        void stopServer() {
            harness.stop();
        }
    }

    @Nested
    class FineTuningOnOpenAiRoutes extends FineTuningOnFakeServer {
        FineTuningOnOpenAiRoutes() {
            super(false);
        }
    }

    @Nested
    class FineTuningOnAzureRoutes extends FineTuningOnFakeServer {
        FineTuningOnAzureRoutes() {
            super(true);
        }
    }

    @Nested
    class InferenceOnOpenAiRoutes extends InferenceOnFakeServer {
        InferenceOnOpenAiRoutes() {
            super(false);
        }
    }

    @Nested
    class InferenceOnAzureRoutes extends InferenceOnFakeServer {
        InferenceOnAzureRoutes() {
            super(true);
        }
    }
}
