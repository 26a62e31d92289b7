/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observe;

import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells several observers; see {@link SlabMlObserver#composite(List)}.
 *
 * @since 0.2
 */
final class CompositeObserver implements SlabMlObserver {
    private final List<SlabMlObserver> observers;

    CompositeObserver(List<SlabMlObserver> observers) {
        this.observers = observers;
    }

    private void each(Consumer<SlabMlObserver> call) {
        RuntimeException first = null;
        for (SlabMlObserver o : observers) {
            try {
                call.accept(o);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void predictionServed(ServedPrediction prediction) {
        each(o -> o.predictionServed(prediction));
    }

    @Override
    public void breakerStateChanged(String model, BreakerState from, BreakerState to) {
        each(o -> o.breakerStateChanged(model, from, to));
    }

    @Override
    public void sampleCollected(TaskName task, SampleSource source) {
        each(o -> o.sampleCollected(task, source));
    }

    @Override
    public void storeOpened(String store, Supplier<StoreStats> stats) {
        each(o -> o.storeOpened(store, stats));
    }

    @Override
    public void jobStateChanged(String jobId, JobStatus status) {
        each(o -> o.jobStateChanged(jobId, status));
    }

    @Override
    public void rolloutChanged(TaskName task, String action, int previousPercent, int percent) {
        each(o -> o.rolloutChanged(task, action, previousPercent, percent));
    }

    @Override
    public void guardrailDecided(TaskName task, String decision) {
        each(o -> o.guardrailDecided(task, decision));
    }

    @Override
    public String toString() {
        return "SlabMlObserver.composite" + observers;
    }
}
