/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.observe;

import com.slabstak.slabml.DatasetStats;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrainingDataCollector;
import com.slabstak.slabml.observe.SlabMlObserver;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link TrainingDataCollector} that tells an observer about every sample the store accepted:
 * after {@link #collect} returns, or when the future of {@link #collectAsync} completes normally.
 *
 * <p>Internal: public for the entry point; not part of the API.
 *
 * {@code TrainingDataCollector observed = new ObservedCollector(collector, observer);}
 */
public final class ObservedCollector implements TrainingDataCollector {
    private final TrainingDataCollector delegate;
    private final SlabMlObserver observer;

    /** Creates the decorator; {@code observer} should be safe ({@link SafeObserver}). */
    public ObservedCollector(TrainingDataCollector delegate, SlabMlObserver observer) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public Sample collect(Sample sample) {
        Sample stored = delegate.collect(sample);
        observer.sampleCollected(stored.task(), stored.source());
        return stored;
    }

    @Override
    public CompletableFuture<Sample> collectAsync(Sample sample) {
        return delegate.collectAsync(sample).thenApply(stored -> {
            observer.sampleCollected(stored.task(), stored.source());
            return stored;
        });
    }

    @Override
    public DatasetStats stats() {
        return delegate.stats();
    }

    @Override
    public DatasetStats stats(TaskName task) {
        return delegate.stats(task);
    }

    @Override
    public String toString() {
        return "Observed" + delegate;
    }
}
