/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observability.opentelemetry;

import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.observe.BreakerState;
import com.slabstak.slabml.observe.Outcome;
import com.slabstak.slabml.observe.ServedPrediction;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.observe.StoreStats;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Records what SlabML does as OpenTelemetry metrics. Served predictions follow the GenAI semantic
 * conventions: {@code gen_ai.client.operation.duration} (seconds) and
 * {@code gen_ai.client.token.usage} (tokens, by {@code gen_ai.token.type} input or output), with
 * {@code gen_ai.operation.name} ({@code chat}), {@code gen_ai.provider.name},
 * {@code gen_ai.request.model} and, on failure, {@code error.type}. SlabML's own dimensions go
 * under {@code slabml.*}: {@code slabml.task}, {@code slabml.arm}, {@code slabml.outcome},
 * {@code slabml.rollout.stage} (the candidate's percentage) and {@code slabml.fallback.reason}.
 *
 * <p>The other metrics carry the names of the Micrometer binding ({@code slabml.serving.fallbacks},
 * {@code slabml.serving.cost}, {@code slabml.breaker.state}, {@code slabml.samples.collected},
 * {@code slabml.store.queue.depth}, {@code slabml.store.writes}, {@code slabml.store.writes.rejected},
 * {@code slabml.store.writes.failed}, {@code slabml.jobs.state.changes}, {@code slabml.rollout.percent},
 * {@code slabml.rollout.changes}, {@code slabml.guardrail.decisions}) with {@code slabml.*} attributes.
 *
 * <p>No spans: the HTTP call to the provider is traced by the provider SDK's own instrumentation
 * (such as OpenTelemetry's openai-java instrumentation), and this binding adds no second span for
 * it. Its duration measures the whole prediction, fallback included, under SlabML's meter scope
 * {@code com.slabstak.slabml}. Close it to stop the asynchronous gauges. Thread-safe.
 *
 * <pre>{@code
 * OpenTelemetryObserver otel = new OpenTelemetryObserver(GlobalOpenTelemetry.get());
 * SlabMl ml = SlabMl.builder().addObserver(otel).build();
 * }</pre>
 *
 * @since 0.2
 */
public final class OpenTelemetryObserver implements SlabMlObserver, AutoCloseable {
    /** The instrumentation scope of every SlabML metric. */
    public static final String SCOPE = "com.slabstak.slabml";

    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> TASK = AttributeKey.stringKey("slabml.task");
    static final AttributeKey<String> ARM = AttributeKey.stringKey("slabml.arm");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("slabml.outcome");
    static final AttributeKey<Long> ROLLOUT_STAGE = AttributeKey.longKey("slabml.rollout.stage");
    static final AttributeKey<String> FALLBACK_REASON = AttributeKey.stringKey("slabml.fallback.reason");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("slabml.model");
    static final AttributeKey<String> STATE = AttributeKey.stringKey("slabml.breaker.state");
    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("slabml.sample.source");
    static final AttributeKey<String> STORE = AttributeKey.stringKey("slabml.store");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("slabml.job.status");
    static final AttributeKey<String> ACTION = AttributeKey.stringKey("slabml.rollout.action");
    static final AttributeKey<String> DECISION = AttributeKey.stringKey("slabml.guardrail.decision");

    /** The bucket boundaries the GenAI conventions advise for operation durations, in seconds. */
    private static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64,
        1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    /** The bucket boundaries the GenAI conventions advise for token counts. */
    private static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L,
        65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);

    private final DoubleHistogram duration;
    private final LongHistogram tokenUsage;
    private final LongCounter fallbacks;
    private final DoubleCounter cost;
    private final LongCounter breakerTransitions;
    private final LongCounter samples;
    private final LongCounter jobStates;
    private final LongCounter rolloutChanges;
    private final LongCounter guardrailDecisions;
    private final Map<String, BreakerState> breakerStates = new ConcurrentHashMap<>();
    private final Map<TaskName, Integer> rolloutPercents = new ConcurrentHashMap<>();
    private final Map<String, Supplier<StoreStats>> stores = new ConcurrentHashMap<>();
    private final List<AutoCloseable> callbacks = new ArrayList<>();

    /**
     * Records through {@code openTelemetry}'s meter provider, under the scope {@value #SCOPE}.
     *
     * @param openTelemetry the OpenTelemetry instance, such as the SDK the service configured
     */
    public OpenTelemetryObserver(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        Meter meter = openTelemetry.meterBuilder(SCOPE).build();
        this.duration = meter.histogramBuilder("gen_ai.client.operation.duration")
            .setDescription("GenAI operation duration").setUnit("s")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs()
            .setDescription("Number of input and output tokens used").setUnit("{token}")
            .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
        this.fallbacks = meter.counterBuilder("slabml.serving.fallbacks")
            .setDescription("Predictions the base model answered because the chosen model failed")
            .setUnit("{prediction}").build();
        this.cost = meter.counterBuilder("slabml.serving.cost").ofDoubles()
            .setDescription("What the tokens of served predictions cost, at list prices").setUnit("{USD}").build();
        this.breakerTransitions = meter.counterBuilder("slabml.breaker.transitions")
            .setDescription("Circuit state changes, by the state entered").build();
        this.samples = meter.counterBuilder("slabml.samples.collected")
            .setDescription("Samples accepted by the sample store").setUnit("{sample}").build();
        this.jobStates = meter.counterBuilder("slabml.jobs.state.changes")
            .setDescription("Fine-tuning jobs reaching a status").build();
        this.rolloutChanges = meter.counterBuilder("slabml.rollout.changes")
            .setDescription("Deployment changes: rollout start, step, promotion, rollback, halt").build();
        this.guardrailDecisions = meter.counterBuilder("slabml.guardrail.decisions")
            .setDescription("Rollout guardrail checks, by decision").build();

        callbacks.add(meter.gaugeBuilder("slabml.breaker.state").ofLongs()
            .setDescription("Circuit state of a model: 0 closed, 1 half-open, 2 open")
            .buildWithCallback(m -> breakerStates.forEach((model, state) ->
                m.record(state.level(), Attributes.of(MODEL, model)))));
        callbacks.add(meter.gaugeBuilder("slabml.rollout.percent").ofLongs()
            .setDescription("The candidate model's share of traffic").setUnit("%")
            .buildWithCallback(m -> rolloutPercents.forEach((task, percent) ->
                m.record(percent, Attributes.of(TASK, task.value())))));
        callbacks.add(meter.gaugeBuilder("slabml.store.queue.depth").ofLongs()
            .setDescription("Records accepted but not yet written").setUnit("{record}")
            .buildWithCallback(m -> eachStore((store, s) -> m.record(s.queueDepth(), Attributes.of(STORE, store)))));
        callbacks.add(storeCounter(meter, "slabml.store.writes", "Records written", StoreStats::written));
        callbacks.add(storeCounter(meter, "slabml.store.writes.rejected",
            "Records refused because the queue stayed full", StoreStats::rejected));
        callbacks.add(storeCounter(meter, "slabml.store.writes.failed", "Records whose write failed",
            StoreStats::failed));
    }

    private AutoCloseable storeCounter(Meter meter, String name, String description, ToLongFunction<StoreStats> count) {
        return meter.counterBuilder(name).setDescription(description).setUnit("{record}")
            .buildWithCallback(m -> eachStore((store, s) -> m.record(count.applyAsLong(s), Attributes.of(STORE, store))));
    }

    private void eachStore(java.util.function.BiConsumer<String, StoreStats> action) {
        stores.forEach((store, stats) -> action.accept(store, stats.get()));
    }

    @Override
    public void predictionServed(ServedPrediction p) {
        AttributesBuilder common = Attributes.builder()
            .put(OPERATION_NAME, "chat")
            .put(PROVIDER_NAME, p.providerName())
            .put(REQUEST_MODEL, p.model())
            .put(TASK, p.task().value())
            .put(ARM, p.arm().value())
            .put(ROLLOUT_STAGE, (long) p.rolloutPercent());
        p.fallbackKind().ifPresent(reason -> common.put(FALLBACK_REASON, reason));
        p.errorType().ifPresent(type -> common.put(ERROR_TYPE, type));
        Attributes base = common.build();
        duration.record(p.latency().toNanos() / 1e9, base.toBuilder().put(OUTCOME, p.outcome().value()).build());
        if (p.outcome() != Outcome.ERROR) {
            tokenUsage.record(p.usage().promptTokens(), base.toBuilder().put(TOKEN_TYPE, "input").build());
            tokenUsage.record(p.usage().completionTokens(), base.toBuilder().put(TOKEN_TYPE, "output").build());
        }
        p.fallbackKind().ifPresent(reason -> fallbacks.add(1,
            Attributes.of(TASK, p.task().value(), FALLBACK_REASON, reason)));
        p.costUsd().ifPresent(usd -> cost.add(usd, Attributes.of(TASK, p.task().value(), MODEL, p.model())));
        rolloutPercents.put(p.task(), p.rolloutPercent());
    }

    @Override
    public void breakerStateChanged(String model, BreakerState from, BreakerState to) {
        breakerStates.put(model, to);
        breakerTransitions.add(1, Attributes.of(MODEL, model, STATE, to.value()));
    }

    @Override
    public void sampleCollected(TaskName task, SampleSource source) {
        samples.add(1, Attributes.of(TASK, task.value(), SOURCE, source.value()));
    }

    @Override
    public void storeOpened(String store, Supplier<StoreStats> stats) {
        stores.put(store, stats);
    }

    @Override
    public void jobStateChanged(String jobId, JobStatus status) {
        jobStates.add(1, Attributes.of(STATUS, status.value()));
    }

    @Override
    public void rolloutChanged(TaskName task, String action, int previousPercent, int percent) {
        rolloutPercents.put(task, percent);
        rolloutChanges.add(1, Attributes.of(TASK, task.value(), ACTION, action));
    }

    @Override
    public void guardrailDecided(TaskName task, String decision) {
        guardrailDecisions.add(1, Attributes.of(TASK, task.value(), DECISION, decision));
    }

    /** Stops the asynchronous gauges and counters; recording afterwards is harmless. */
    @Override
    public void close() {
        for (AutoCloseable c : callbacks) {
            try {
                c.close();
            } catch (Exception e) {
                // Closing an OpenTelemetry callback does not fail; nothing to report.
            }
        }
    }

    @Override
    public String toString() {
        return "OpenTelemetryObserver{scope=" + SCOPE + '}';
    }
}
