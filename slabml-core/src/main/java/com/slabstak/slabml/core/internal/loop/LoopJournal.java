/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.LoopDecision;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.spi.StateStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the loop keeps what it decided: each task's {@link LoopState} in the state store, written
 * with compare-and-set, and each decision in the registry history, recorded once (a retry after a
 * crash finds it there and does not record it again).
 */
final class LoopJournal {
    private static final Logger LOG = LoggerFactory.getLogger(LoopJournal.class);

    private final StateStore state;
    private final DefaultModelRegistry registry;
    private final Clock clock;

    LoopJournal(StateStore state, DefaultModelRegistry registry, Clock clock) {
        this.state = state;
        this.registry = registry;
        this.clock = clock;
    }

    /** The task's state and its version, if it was ever written. */
    Optional<Map.Entry<Long, LoopState>> read(TaskName task) {
        return state.get(LoopState.key(task)).map(v -> Map.entry(v.version(), LoopState.parse(v.value())));
    }

    /** The task's state and its version; a fresh state at version 0 when none was written. */
    Map.Entry<Long, LoopState> current(TaskName task) {
        return read(task).orElse(Map.entry(0L, new LoopState()));
    }

    /**
     * Records the step's fresh decisions in the registry history (each once), then writes
     * {@code next} over {@code version}.
     *
     * @throws SlabMlException when another instance wrote the state since {@code version} was read
     */
    void write(TaskName task, long version, LoopState next) {
        if (next.updatedAt == null) {
            next.updatedAt = clock.instant();
        }
        List<DeploymentEvent> history = next.fresh.isEmpty() ? List.of() : registry.history(task);
        for (LoopDecision d : next.fresh) {
            String action = "loop_" + d.outcome();
            if (history.stream().noneMatch(e -> e.action().equals(action) && e.reason().equals(d.reason()))) {
                Map<String, Object> details = new LinkedHashMap<>(d.numbers());
                details.put("round", d.round());
                registry.record(task, action, d.reason(), details);
            }
        }
        OptionalLong written = state.compareAndSet(LoopState.key(task), version, next.toJson());
        if (written.isEmpty()) {
            throw new SlabMlException("the loop state of " + task + " changed under this instance (version " + version
                + " is stale); the step is retried on the next run");
        }
    }

    /** Adds a decision to {@code next}; it reaches the history when {@code next} is written. */
    void decide(TaskName task, LoopState next, String outcome, String reason, Map<String, Double> numbers) {
        LoopDecision d = new LoopDecision(clock.instant(), next.round, next.step, outcome, reason, numbers);
        next.decide(d);
        next.fresh.add(d);
        LOG.info("Loop {}: {}: {}", task, outcome, reason);
    }

    /** Records a gate decision in the registry unless the history already has it for this candidate. */
    void recordOnce(TaskName task, String action, String candidate, String reason, Map<String, Double> numbers,
        String verdict, boolean promote) {
        boolean known = registry.history(task).stream().anyMatch(e -> e.action().equals(action)
            && candidate.equals(e.details().get("candidate_model")));
        if (known) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>(numbers);
        details.put("candidate_model", candidate);
        details.put("verdict", verdict);
        details.put("promote", promote);
        registry.record(task, action, reason, details);
    }
}
