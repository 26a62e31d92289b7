/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observe;

import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Hears what SlabML does, for metrics and traces. The core calls it for served predictions, circuit
 * changes, collected samples, job status changes, rollout steps and guardrail decisions; a store
 * calls {@link #storeOpened} once per store it opens, through
 * {@link com.slabstak.slabml.spi.ProviderContext#observer()}. Every method has a no-op default, so
 * an observer implements only what it needs; {@code slabml-observability} has the Micrometer and
 * OpenTelemetry bindings.
 *
 * <p>Methods are called on the thread that did the work, synchronously and often (once per
 * prediction): an implementation must be fast, thread-safe and must not block. An exception it
 * throws is logged by the caller and otherwise ignored; it never fails the request.
 *
 * <pre>{@code
 * SlabMlObserver slowCalls = new SlabMlObserver() {
 *     public void predictionServed(ServedPrediction p) {
 *         if (p.latency().toMillis() > 2000) log.warn("slow {} on {}", p.task(), p.model());
 *     }
 * };
 * SlabMl ml = SlabMl.builder().observer(slowCalls).build();
 * }</pre>
 *
 * @since 0.2
 */
public interface SlabMlObserver {
    /** An observer that records nothing: the default when none is configured. */
    SlabMlObserver NOOP = new SlabMlObserver() {
        @Override
        public String toString() {
            return "SlabMlObserver.NOOP";
        }
    };

    /**
     * A prediction was served, fell back to the base model, or failed.
     *
     * @param prediction what served it, how it ended, its latency, tokens and cost
     */
    default void predictionServed(ServedPrediction prediction) {
    }

    /**
     * The circuit breaker in front of a model changed state.
     *
     * @param model the model behind the breaker
     * @param from the state before
     * @param to the state now
     */
    default void breakerStateChanged(String model, BreakerState from, BreakerState to) {
    }

    /**
     * A sample was accepted by the sample store.
     *
     * @param task its task
     * @param source confirmed, corrected or manual
     */
    default void sampleCollected(TaskName task, SampleSource source) {
    }

    /**
     * A store was opened. {@code stats} is read whenever metrics are collected (from any thread,
     * also after the store is closed, when it returns the last counts); it must be cheap.
     *
     * @param store the store's name: {@code samples}, {@code production_log}, {@code registry} or {@code jobs}
     * @param stats returns the store's queue depth and write counts now
     */
    default void storeOpened(String store, Supplier<StoreStats> stats) {
    }

    /**
     * A fine-tuning job this installation tracks reached a new status.
     *
     * @param jobId the provider's job id
     * @param status the new status
     */
    default void jobStateChanged(String jobId, JobStatus status) {
    }

    /**
     * A task's deployment changed: a rollout started or moved, was promoted, rolled back or halted.
     *
     * @param task the task
     * @param action {@code configure}, {@code start}, {@code set}, {@code promote}, {@code rollback} or {@code halt}
     * @param previousPercent the candidate's share of traffic before, 0-100
     * @param percent the candidate's share of traffic now, 0-100
     */
    default void rolloutChanged(TaskName task, String action, int previousPercent, int percent) {
    }

    /**
     * The rollout guardrail checked a task.
     *
     * @param task the task
     * @param decision lower-case: {@code no_rollout}, {@code insufficient_data}, {@code continue},
     *     {@code rolled_back} or {@code rollback_recommended}
     */
    default void guardrailDecided(TaskName task, String decision) {
    }

    /**
     * Returns an observer that tells each of {@code observers}, in order. When one throws, the
     * others are still told and the first exception is rethrown afterwards.
     *
     * <pre>{@code
     * SlabMlObserver both = SlabMlObserver.composite(List.of(micrometer, openTelemetry));
     * }</pre>
     *
     * @param observers the observers, copied
     * @return one observer for all, {@link #NOOP} for none, the observer itself for one
     */
    static SlabMlObserver composite(List<? extends SlabMlObserver> observers) {
        List<SlabMlObserver> all = List.copyOf(Objects.requireNonNull(observers, "observers"));
        if (all.isEmpty()) {
            return NOOP;
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return new CompositeObserver(all);
    }
}
