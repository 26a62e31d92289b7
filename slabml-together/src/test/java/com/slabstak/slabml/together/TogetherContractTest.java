/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.testkit.contract.FineTuningBackendContract;
import com.slabstak.slabml.simulator.together.SimulatedTogetherServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Together provider passes the same fine-tuning contract as the testkit's fakes and the OpenAI
 * provider: over loopback HTTP to the fake Together server in front of the simulated learner.
 */
class TogetherContractTest extends FineTuningBackendContract {
    @TempDir
    Path dir;
    private TogetherHarness harness;

    @Override
    protected FineTuningBackend createBackend() {
        harness = new TogetherHarness(dir);
        return harness.backend();
    }

    @Override
    protected FineTuningJob runToCompletion(String jobId) {
        harness.finish(jobId);
        return backend().retrieveJob(jobId);
    }

    @Override
    protected String baseModel() {
        return TogetherHarness.BASE;
    }

    /** Together names a model {@code <user>/<base model>-<suffix>-<hash>}. */
    @Override
    protected void assertFineTunedModelName(String model) {
        assertThat(model).startsWith(SimulatedTogetherServer.USER + "/Meta-Llama-3.1-8B-Instruct-Reference-");
    }

    /** Together reports a data problem as status {@code user_error}, the reason in the job's events. */
    @Override
    protected void assertTooFewExamplesError(JobError error) {
        assertThat(error.code()).isEqualTo("user_error");
        assertThat(error.message()).contains("7 example(s)");
    }

    @AfterEach
    void stopServer() {
        harness.close();
    }
}
