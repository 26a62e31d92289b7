/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.observe;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.ModelComparison;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.PredictionMetadata;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.pricing.InferencePrices;
import com.slabstak.slabml.observe.Outcome;
import com.slabstak.slabml.observe.ServedPrediction;
import com.slabstak.slabml.observe.SlabMlObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link ModelManager} that tells an observer about every prediction: served, fallen back, or
 * failed (then with the exception's type, and the exception still reaches the caller). Comparisons
 * are not observed: they are experiments, not traffic.
 *
 * <p>Internal: public for the entry point; not part of the API.
 *
 * {@code ModelManager observed = new ObservedModelManager(manager, registry, prices, "openai", observer, clock);}
 */
public final class ObservedModelManager implements ModelManager, AutoCloseable {
    private final ModelManager delegate;
    private final ModelRegistry registry;
    private final InferencePrices prices;
    private final String providerName;
    private final SlabMlObserver observer;
    private final Clock clock;

    /** Creates the decorator; {@code observer} should be safe ({@link SafeObserver}). */
    public ObservedModelManager(ModelManager delegate, ModelRegistry registry, InferencePrices prices,
                                String providerName, SlabMlObserver observer, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.providerName = Objects.requireNonNull(providerName, "providerName");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Prediction<Map<String, Object>> predict(TaskName task, Map<String, Object> input, RequestContext context) {
        Instant start = clock.instant();
        Prediction<Map<String, Object>> p;
        try {
            p = delegate.predict(task, input, context);
        } catch (RuntimeException e) {
            if (task != null) {
                observer.predictionServed(failure(task, start, e));
            }
            throw e;
        }
        observer.predictionServed(served(p.metadata()));
        return p;
    }

    private ServedPrediction served(PredictionMetadata m) {
        ServedPrediction.Builder b = ServedPrediction.builder()
            .task(m.task())
            .model(m.modelUsed())
            .arm(m.arm())
            .outcome(m.fallbackReason().isPresent() ? Outcome.FALLBACK : Outcome.SUCCESS)
            .latency(m.latency())
            .usage(m.usage())
            .providerName(providerName)
            .fallbackReason(m.fallbackReason().orElse(null))
            .rolloutPercent(rolloutPercent(m.task()))
            .cacheHit(m.cacheHit());
        if (m.usage().totalTokens() == 0) {
            b.costUsd(0);
        } else {
            prices.cost(m.modelUsed(), m.usage().promptTokens(), m.usage().completionTokens()).ifPresent(b::costUsd);
        }
        return b.build();
    }

    private ServedPrediction failure(TaskName task, Instant start, RuntimeException e) {
        String model = "unknown";
        int percent = 0;
        try {
            Deployment d = registry.deployment(task);
            model = d.baseModel();
            percent = d.rolloutPercent();
        } catch (RuntimeException unknownTask) {
            // An unknown task or an unreadable registry: report what is known.
        }
        Duration latency = Duration.between(start, clock.instant());
        return ServedPrediction.builder()
            .task(task)
            .model(model)
            .arm(Arm.BASE)
            .outcome(Outcome.ERROR)
            .latency(latency.isNegative() ? Duration.ZERO : latency)
            .providerName(providerName)
            .errorType(e.getClass().getSimpleName())
            .rolloutPercent(percent)
            .build();
    }

    private int rolloutPercent(TaskName task) {
        try {
            return registry.deployment(task).rolloutPercent();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public String activeModel(TaskName task) {
        return delegate.activeModel(task);
    }

    @Override
    public ModelComparison compareModels(TaskName task, Map<String, Object> input, List<String> models, int runs) {
        return delegate.compareModels(task, input, models, runs);
    }

    @Override
    public ModelComparison compareModels(TaskName task, Map<String, Object> input, int runs) {
        return delegate.compareModels(task, input, runs);
    }

    /** Closes the delegate when it is closeable. */
    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable) {
            ((AutoCloseable) delegate).close();
        }
    }

    @Override
    public String toString() {
        return "Observed" + delegate;
    }
}
