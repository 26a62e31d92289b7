/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observability.micrometer;

import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.observe.BreakerState;
import com.slabstak.slabml.observe.ServedPrediction;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.observe.StoreStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Records what SlabML does as Micrometer meters: lower-case dotted names, tags with few values
 * (task, model, arm, outcome, reason, store, status, decision; never a user, an input or a message).
 *
 * <table>
 * <caption>meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code slabml.serving.latency}</td><td>timer</td><td>task, model, arm, outcome</td></tr>
 * <tr><td>{@code slabml.serving.fallbacks}</td><td>counter</td><td>task, reason</td></tr>
 * <tr><td>{@code slabml.serving.tokens}</td><td>counter</td><td>task, model, type (input, output)</td></tr>
 * <tr><td>{@code slabml.serving.cost}</td><td>counter (usd)</td><td>task, model</td></tr>
 * <tr><td>{@code slabml.breaker.state}</td><td>gauge: 0 closed, 1 half-open, 2 open</td><td>model</td></tr>
 * <tr><td>{@code slabml.breaker.transitions}</td><td>counter</td><td>model, state</td></tr>
 * <tr><td>{@code slabml.samples.collected}</td><td>counter</td><td>task, source</td></tr>
 * <tr><td>{@code slabml.store.queue.depth}</td><td>gauge</td><td>store</td></tr>
 * <tr><td>{@code slabml.store.writes}</td><td>function counter</td><td>store</td></tr>
 * <tr><td>{@code slabml.store.writes.rejected}</td><td>function counter</td><td>store</td></tr>
 * <tr><td>{@code slabml.store.writes.failed}</td><td>function counter</td><td>store</td></tr>
 * <tr><td>{@code slabml.jobs.state.changes}</td><td>counter</td><td>status</td></tr>
 * <tr><td>{@code slabml.rollout.percent}</td><td>gauge</td><td>task</td></tr>
 * <tr><td>{@code slabml.rollout.changes}</td><td>counter</td><td>task, action</td></tr>
 * <tr><td>{@code slabml.guardrail.decisions}</td><td>counter</td><td>task, decision</td></tr>
 * </table>
 *
 * <p>The store meters read the store's counts when the registry is scraped. Meters are registered
 * on first use, with the common tags given to the constructor; two instances observed into one
 * registry share meters (give each its own common tag to tell them apart). Thread-safe.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * try (SlabMl ml = SlabMl.builder().addObserver(new MicrometerObserver(registry)).build()) {
 *     ml.models().identifyCard(ocrText);
 * }
 * registry.get("slabml.serving.latency").tag("outcome", "success").timer().count(); // 1
 * }</pre>
 *
 * @since 0.2
 */
public final class MicrometerObserver implements SlabMlObserver {
    private final MeterRegistry registry;
    private final Tags common;
    private final Map<String, AtomicInteger> breakerStates = new ConcurrentHashMap<>();
    private final Map<TaskName, AtomicInteger> rolloutPercents = new ConcurrentHashMap<>();
    /** Strong references to what function meters read; Micrometer holds them weakly. */
    private final Map<String, Supplier<StoreStats>> stores = new ConcurrentHashMap<>();

    /**
     * Records into {@code registry} with no extra tags.
     *
     * @param registry where meters go
     */
    public MicrometerObserver(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Records into {@code registry}, adding {@code commonTags} to every meter.
     *
     * @param registry where meters go
     * @param commonTags tags every meter gets, such as {@code Tags.of("instance", "cards")}
     */
    public MicrometerObserver(MeterRegistry registry, Iterable<io.micrometer.core.instrument.Tag> commonTags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.common = Tags.of(Objects.requireNonNull(commonTags, "commonTags"));
    }

    @Override
    public void predictionServed(ServedPrediction p) {
        String task = p.task().value();
        Timer.builder("slabml.serving.latency")
            .description("Time to serve a prediction, fallback included")
            .tags(common)
            .tags("task", task, "model", p.model(), "arm", p.arm().value(), "outcome", p.outcome().value())
            .register(registry)
            .record(p.latency());
        p.fallbackKind().ifPresent(reason -> Counter.builder("slabml.serving.fallbacks")
            .description("Predictions the base model answered because the chosen model failed")
            .tags(common).tags("task", task, "reason", reason)
            .register(registry).increment());
        if (p.usage().promptTokens() > 0) {
            tokens(task, p.model(), "input").increment(p.usage().promptTokens());
        }
        if (p.usage().completionTokens() > 0) {
            tokens(task, p.model(), "output").increment(p.usage().completionTokens());
        }
        p.costUsd().ifPresent(usd -> Counter.builder("slabml.serving.cost")
            .description("What the tokens of served predictions cost, at list prices")
            .baseUnit("usd")
            .tags(common).tags("task", task, "model", p.model())
            .register(registry).increment(usd));
        rolloutGauge(p.task()).set(p.rolloutPercent());
    }

    private Counter tokens(String task, String model, String type) {
        return Counter.builder("slabml.serving.tokens")
            .description("Tokens used by served predictions")
            .baseUnit("tokens")
            .tags(common).tags("task", task, "model", model, "type", type)
            .register(registry);
    }

    @Override
    public void breakerStateChanged(String model, BreakerState from, BreakerState to) {
        breakerStates.computeIfAbsent(model, m -> {
            AtomicInteger level = new AtomicInteger();
            Gauge.builder("slabml.breaker.state", level, AtomicInteger::get)
                .description("Circuit state of a model: 0 closed, 1 half-open, 2 open")
                .tags(common).tags("model", m)
                .register(registry);
            return level;
        }).set(to.level());
        Counter.builder("slabml.breaker.transitions")
            .description("Circuit state changes, by the state entered")
            .tags(common).tags("model", model, "state", to.value())
            .register(registry).increment();
    }

    @Override
    public void sampleCollected(TaskName task, SampleSource source) {
        Counter.builder("slabml.samples.collected")
            .description("Samples accepted by the sample store")
            .tags(common).tags("task", task.value(), "source", source.value())
            .register(registry).increment();
    }

    @Override
    public void storeOpened(String store, Supplier<StoreStats> stats) {
        stores.put(store, stats);
        Tags tags = common.and("store", store);
        Gauge.builder("slabml.store.queue.depth", stats, s -> s.get().queueDepth())
            .description("Records accepted but not yet written")
            .tags(tags).strongReference(true).register(registry);
        FunctionCounter.builder("slabml.store.writes", stats, s -> s.get().written())
            .description("Records written").tags(tags).register(registry);
        FunctionCounter.builder("slabml.store.writes.rejected", stats, s -> s.get().rejected())
            .description("Records refused because the queue stayed full").tags(tags).register(registry);
        FunctionCounter.builder("slabml.store.writes.failed", stats, s -> s.get().failed())
            .description("Records whose write failed").tags(tags).register(registry);
    }

    @Override
    public void jobStateChanged(String jobId, JobStatus status) {
        Counter.builder("slabml.jobs.state.changes")
            .description("Fine-tuning jobs reaching a status")
            .tags(common).tags("status", status.value())
            .register(registry).increment();
    }

    @Override
    public void rolloutChanged(TaskName task, String action, int previousPercent, int percent) {
        rolloutGauge(task).set(percent);
        Counter.builder("slabml.rollout.changes")
            .description("Deployment changes: rollout start, step, promotion, rollback, halt")
            .tags(common).tags("task", task.value(), "action", action)
            .register(registry).increment();
    }

    private AtomicInteger rolloutGauge(TaskName task) {
        return rolloutPercents.computeIfAbsent(task, t -> {
            AtomicInteger percent = new AtomicInteger();
            Gauge.builder("slabml.rollout.percent", percent, AtomicInteger::get)
                .description("The candidate model's share of traffic")
                .baseUnit("percent")
                .tags(common).tags("task", t.value())
                .register(registry);
            return percent;
        });
    }

    @Override
    public void guardrailDecided(TaskName task, String decision) {
        Counter.builder("slabml.guardrail.decisions")
            .description("Rollout guardrail checks, by decision")
            .tags(common).tags("task", task.value(), "decision", decision)
            .register(registry).increment();
    }

    @Override
    public String toString() {
        return "MicrometerObserver{" + registry.getClass().getSimpleName() + '}';
    }
}
