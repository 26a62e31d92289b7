/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.FineTuningBackendProvider;
import com.slabstak.slabml.spi.ProviderContext;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code simulated} fine-tuning backend: a {@link SimulatedFineTuningBackend} that trains
 * {@link SimulatedLearner} models, for running the whole loop offline (the quickstart does).
 *
 * <p>With a real clock every call moves the job's simulated time forward
 * ({@code slabml.simulated.step}, default 2 minutes), so a job completes in about ten polls and
 * its model answers at once; with a {@link ManualClock} jobs move only with the clock and a model
 * answers 3 minutes after its job succeeded ({@code slabml.simulated.model_settle}).
 *
 * <p>The fine-tuning and inference providers share no object and no static state: uploads and
 * ready models are kept under {@code <data dir>/simulated/}, where
 * {@link SimulatedInferenceBackendProvider} reads them; jobs are journaled there too, so a restarted
 * process sees the same jobs (pauses and cancellations excepted). {@code slabml.simulated.seed} (default 42) makes answers reproducible.
 */
public final class SimulatedFineTuningBackendProvider implements FineTuningBackendProvider {
    /** The provider's name. */
    public static final String NAME = "simulated";

    /** Creates the provider; it does nothing until {@link #create}. */
    public SimulatedFineTuningBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FineTuningBackend create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        boolean manual = context.clock() instanceof ManualClock;
        Duration step = context.config().getDuration("slabml.simulated.step",
            manual ? Duration.ZERO : Duration.ofMinutes(2));
        Duration settle = context.config().getDuration("slabml.simulated.model_settle",
            manual ? Duration.ofMinutes(3) : Duration.ZERO);
        return SimulatedFineTuningBackend.builder().clock(context.clock())
            .seed(context.config().getInt("slabml.simulated.seed", 42))
            .advancePerObservation(step).modelSettle(settle)
            .persistenceDirectory(SimulatedModelDirectory.root(context.dataDirectory())).build();
    }

    /** The simulated backend's base models: {@link SimulatedModelCatalog#create()}. */
    @Override
    public com.slabstak.slabml.spi.ModelCatalog catalog(com.slabstak.slabml.SlabMlConfig config) {
        return SimulatedModelCatalog.create();
    }
}
