/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A simulated fine-tuning backend and a simulated inference backend that share one clock, one
 * {@link Faults} and one {@link SimulatedLearner}: models the fine-tuning backend trains answer
 * through the inference backend from what their training file taught them.
 *
 * {@code
 * ManualClock clock = ManualClock.create();
 * SimulatedBackends sim = SimulatedBackends.create(clock);
 * SlabMl ml = SlabMl.builder().clock(clock).fineTuningBackend(sim.fineTuning())
 *     .inferenceBackend(sim.inference()).stores(InMemoryStores.create()).build();
 * }
 */
public final class SimulatedBackends {
    private final Faults faults;
    private final SimulatedLearner learner;
    private final SimulatedFineTuningBackend fineTuning;
    private final SimulatedInferenceBackend inference;

    private SimulatedBackends(Clock clock, long seed, Duration advancePerObservation, Duration modelSettle,
                              Collection<String> extraBaseModels) {
        this.faults = new Faults();
        this.learner = SimulatedLearner.create(seed);
        SimulatedFineTuningBackend.Builder b = SimulatedFineTuningBackend.builder().clock(clock).faults(faults).seed(seed)
            .advancePerObservation(advancePerObservation).modelSettle(modelSettle);
        extraBaseModels.forEach(m -> b.addBaseModel(m, null));
        this.fineTuning = b.build();
        this.inference = SimulatedInferenceBackend.builder().faults(faults).simulate(learner, fineTuning).build();
    }

    /** Returns backends on a clock, seed 42, jobs moving only with the clock. */
    public static SimulatedBackends create(Clock clock) {
        return create(clock, 42);
    }

    /** Returns backends on a clock with a seed, jobs moving only with the clock. */
    public static SimulatedBackends create(Clock clock, long seed) {
        return create(clock, seed, List.of());
    }

    /**
     * Returns backends on a clock with a seed, jobs moving only with the clock, that also fine-tune
     * {@code extraBaseModels} (for example another provider's models).
     *
     * @return the backends
     * @since 0.2
     */
    public static SimulatedBackends create(Clock clock, long seed, Collection<String> extraBaseModels) {
        Objects.requireNonNull(clock, "clock");
        return new SimulatedBackends(clock, seed, Duration.ZERO, Duration.ofMinutes(3), List.copyOf(extraBaseModels));
    }

    /**
     * Returns backends for the real clock: each call to the fine-tuning backend moves simulated
     * time {@code step} forward, so a job completes in a handful of polls; models answer as soon
     * as their job succeeded.
     */
    public static SimulatedBackends fastForward(Clock clock, long seed, Duration step) {
        return fastForward(clock, seed, step, List.of());
    }

    /**
     * Returns backends like {@link #fastForward(Clock, long, Duration)} that also fine-tune
     * {@code extraBaseModels}.
     *
     * @return the backends
     * @since 0.2
     */
    public static SimulatedBackends fastForward(Clock clock, long seed, Duration step, Collection<String> extraBaseModels) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(step, "step");
        return new SimulatedBackends(clock, seed, step, Duration.ZERO, List.copyOf(extraBaseModels));
    }

    /** Returns the simulated fine-tuning backend. */
    public SimulatedFineTuningBackend fineTuning() {
        return fineTuning;
    }

    /** Returns the simulated inference backend; it answers for the fine-tuning backend's models. */
    public SimulatedInferenceBackend inference() {
        return inference;
    }

    /** Returns the faults both backends inject. */
    public Faults faults() {
        return faults;
    }

    /** Returns the learner behind the inference backend. */
    public SimulatedLearner learner() {
        return learner;
    }

    /** Resets both backends and the faults. */
    public void reset() {
        fineTuning.reset();
        inference.reset();
    }
}
