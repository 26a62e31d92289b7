/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.Faults;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedBackends;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackendProvider;
import com.slabstak.slabml.simulator.SimulatedInferenceBackendProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the backend contracts against the fakes and the simulated providers. */
class BackendContractTests {

    @Nested
    class FakeFineTuning extends FineTuningBackendContract {
        private final ManualClock clock = ManualClock.create();
        private SimulatedFineTuningBackend fake;

        @Override
        protected FineTuningBackend createBackend() {
            fake = SimulatedFineTuningBackend.builder().clock(clock).build();
            return fake;
        }

        @Override
        protected FineTuningJob runToCompletion(String jobId) {
            fake.finish(jobId);
            return fake.retrieveJob(jobId);
        }
    }

    @Nested
    class SimulatedFineTuningOnSystemClock extends FineTuningBackendContract {
        @TempDir
        Path dir;

        @Override
        protected FineTuningBackend createBackend() {
            return new SimulatedFineTuningBackendProvider()
                .create(ProviderContext.of(SlabMlConfig.of(Map.of()), dir, Clock.systemUTC()));
        }

        @Override
        protected FineTuningJob runToCompletion(String jobId) {
            FineTuningJob job = backend().retrieveJob(jobId);
            for (int polls = 0; !job.isTerminal() && polls < 100; polls++) {
                job = backend().retrieveJob(jobId);
            }
            return job;
        }
    }

    @Test
    void assertMappedFailure_backendThrowsAPlainRuntimeException_flagsIt() {
        InferenceBackend unmapped = request -> {
            throw new IllegalStateException("SDK error the provider forgot to map");
        };

        assertThatThrownBy(() -> InferenceBackendContract.assertMappedFailure(() -> unmapped.complete(null)))
            .isInstanceOf(AssertionError.class).hasMessageContaining("ProviderException");
        InferenceBackendContract.assertMappedFailure(() -> {
            throw new ProviderUnavailableException("down", 503, null);
        });
    }

    @Nested
    class FakeInference extends InferenceBackendContract {
        private SimulatedInferenceBackend fake;

        @Override
        protected InferenceBackend createBackend() {
            SimulatedBackends sim = SimulatedBackends.create(ManualClock.create());
            fake = sim.inference();
            return fake;
        }

        @Override
        protected void scriptReply(String model, String text) {
            fake.reply(model, text);
        }

        @Override
        protected void scriptServerError(String model) {
            fake.faults().serverError(Faults.Operation.COMPLETE, model, Faults.ALWAYS);
        }
    }

    @Nested
    class SimulatedInference extends InferenceBackendContract {
        @TempDir
        Path dir;
        private SimulatedInferenceBackend fake;

        @Override
        protected InferenceBackend createBackend() {
            fake = (SimulatedInferenceBackend) new SimulatedInferenceBackendProvider()
                .create(ProviderContext.of(SlabMlConfig.of(Map.of()), dir, Clock.systemUTC()));
            return fake;
        }

        @Override
        protected void scriptReply(String model, String text) {
            fake.reply(model, text);
        }

        @Override
        protected void scriptServerError(String model) {
            fake.faults().serverError(Faults.Operation.COMPLETE, model, Faults.ALWAYS);
        }
    }
}
