/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.StateStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The samples that may be trained on: the sample store without each task's frozen held-out set
 * (read from the state store on every read, so a set frozen by another instance counts at once).
 * The exporter reads through it, so a held-out sample is never exported, now or in later rounds.
 */
public final class TrainingSamples implements SampleStore {
    private final SampleStore samples;
    private final StateStore state;

    /** Filters {@code samples} by the held-out sets in {@code state}. */
    public TrainingSamples(SampleStore samples, StateStore state) {
        this.samples = Objects.requireNonNull(samples, "samples");
        this.state = Objects.requireNonNull(state, "state");
    }

    @Override
    public void append(Sample sample) {
        samples.append(sample);
    }

    @Override
    public CompletableFuture<Void> appendAsync(Sample sample) {
        return samples.appendAsync(sample);
    }

    @Override
    public Stream<Sample> read(TaskName task) {
        Optional<HeldOutSet> heldOut = HeldOutSet.read(state, task);
        Stream<Sample> all = samples.read(task);
        return heldOut.isEmpty() ? all : all.filter(s -> !heldOut.get().contains(s));
    }

    /** The wrapped store stays open: its owner closes it. */
    @Override
    public void close() {
    }
}
