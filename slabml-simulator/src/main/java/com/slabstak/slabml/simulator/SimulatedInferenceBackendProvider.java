/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.InferenceBackendProvider;
import com.slabstak.slabml.spi.ProviderContext;
import java.util.Objects;

/**
 * The {@code simulated} inference backend: a {@link SimulatedInferenceBackend} answering as a
 * {@link SimulatedLearner}. Base models answer untuned; a fine-tuned model answers once the
 * {@code simulated} fine-tuning backend with the same data directory has recorded it as ready
 * under {@code <data dir>/simulated/}, tuned on its training file. See
 * {@link SimulatedFineTuningBackendProvider}.
 */
public final class SimulatedInferenceBackendProvider implements InferenceBackendProvider {
    /** The provider's name. */
    public static final String NAME = "simulated";

    /** Creates the provider; it does nothing until {@link #create}. */
    public SimulatedInferenceBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InferenceBackend create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        SimulatedLearner learner = SimulatedLearner.create(context.config().getInt("slabml.simulated.seed", 42));
        return SimulatedInferenceBackend.builder().simulate(learner)
            .models(new SimulatedModelDirectory(SimulatedModelDirectory.root(context.dataDirectory()),
                SimulatedFineTuningBackend.DEFAULT_BASE_MODELS.keySet()))
            .build();
    }
}
