/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.observe;

import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.observe.BreakerState;
import com.slabstak.slabml.observe.ServedPrediction;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.observe.StoreStats;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An observer that passes every call on and logs (at WARN, then DEBUG) what the observer throws
 * instead of letting it fail the work being observed.
 *
 * <p>Internal: public for the entry point; not part of the API.
 *
 * {@code SlabMlObserver safe = SafeObserver.wrap(observer);}
 */
public final class SafeObserver implements SlabMlObserver {
    private static final Logger LOG = LoggerFactory.getLogger(SafeObserver.class);

    private final SlabMlObserver delegate;
    private volatile boolean warned;

    private SafeObserver(SlabMlObserver delegate) {
        this.delegate = delegate;
    }

    /**
     * Returns {@code observer} made safe; {@link SlabMlObserver#NOOP} and already safe observers
     * are returned as they are.
     */
    public static SlabMlObserver wrap(SlabMlObserver observer) {
        Objects.requireNonNull(observer, "observer");
        if (observer == SlabMlObserver.NOOP || observer instanceof SafeObserver) {
            return observer;
        }
        return new SafeObserver(observer);
    }

    private void guard(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failed(what, e);
        }
    }

    private void failed(String what, RuntimeException e) {
        if (!warned) {
            warned = true;
            LOG.warn("Observer {} failed in {}; the work went on (further failures are logged at DEBUG)",
                delegate, what, e);
        } else {
            LOG.debug("Observer {} failed in {}", delegate, what, e);
        }
    }

    @Override
    public void predictionServed(ServedPrediction prediction) {
        guard("predictionServed", () -> delegate.predictionServed(prediction));
    }

    @Override
    public void breakerStateChanged(String model, BreakerState from, BreakerState to) {
        guard("breakerStateChanged", () -> delegate.breakerStateChanged(model, from, to));
    }

    @Override
    public void sampleCollected(TaskName task, SampleSource source) {
        guard("sampleCollected", () -> delegate.sampleCollected(task, source));
    }

    @Override
    public void storeOpened(String store, Supplier<StoreStats> stats) {
        guard("storeOpened", () -> delegate.storeOpened(store, stats));
    }

    @Override
    public void jobStateChanged(String jobId, JobStatus status) {
        guard("jobStateChanged", () -> delegate.jobStateChanged(jobId, status));
    }

    @Override
    public void rolloutChanged(TaskName task, String action, int previousPercent, int percent) {
        guard("rolloutChanged", () -> delegate.rolloutChanged(task, action, previousPercent, percent));
    }

    @Override
    public void guardrailDecided(TaskName task, String decision) {
        guard("guardrailDecided", () -> delegate.guardrailDecided(task, decision));
    }

    @Override
    public String toString() {
        return "SafeObserver{" + delegate + '}';
    }
}
