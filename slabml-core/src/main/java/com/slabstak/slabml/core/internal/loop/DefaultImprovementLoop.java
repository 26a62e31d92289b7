/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.GuardrailDecision;
import com.slabstak.slabml.ImprovementLoop;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.LoopStatus;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.evaluation.PromotionGate;
import com.slabstak.slabml.core.internal.rollout.RolloutGuardrail;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The default {@link ImprovementLoop}, over the stores and components of one SlabML instance: the
 * step machine. The steps themselves are taken by {@link TrainingStep} (collect to a trained
 * candidate), {@link EvaluationStep} (held-out evaluation and the promotion gate),
 * {@link RolloutStages} (the staged rollout under the guardrail) and {@link RetrainTriggers}
 * (monitoring); {@link LoopJournal} keeps the state and the decisions.
 *
 * <p><b>Persist, then act.</b> Each step reads the task's state (a JSON value with a version in the
 * {@link StateStore}), decides, writes the next state with compare-and-set, and only then acts; an
 * action is idempotent against what the previous attempt may have done before a crash: the
 * fine-tuning job is created with an idempotency key chosen and persisted before the call, a
 * rollout stage or promotion is applied only when the deployment is not already there, and a
 * decision is recorded in the registry only when its event is not in the history yet. A step that
 * fails throws; its state is unchanged, so the next {@link #runOnce} retries it.
 *
 * <p><b>One runner.</b> {@link #runOnce} holds the lease {@code loop/<task>} (renewed on each call,
 * {@code slabml.loop.lease_ttl}); while another instance holds it, it does nothing.
 *
 * <p>Settings: see {@link LoopSettings}. The held-out set is frozen before the first export (see
 * {@link HeldOutSet}); exports read through {@link TrainingSamples}, so held-out samples are never
 * trained on.
 *
 * <pre>{@code
 * LoopStatus s = new DefaultImprovementLoop(parts, config, clock).runOnce(TaskName.CARD_IDENTIFICATION);
 * }</pre>
 */
public final class DefaultImprovementLoop implements ImprovementLoop {
    private static final int MAX_STEPS_PER_RUN = 32;

    private final StateStore state;
    private final SampleStore samples;
    private final Predicate<TaskName> ready;
    private final RolloutGuardrail guardrail;
    private final Clock clock;
    private final LoopSettings settings;
    private final String owner;
    private final LoopJournal journal;
    private final TrainingStep training;
    private final EvaluationStep evaluation;
    private final RolloutStages rollout;
    private final RetrainTriggers retrain;

    /**
     * The parts the loop drives.
     *
     * @param ready whether a task's dataset is ready for fine-tuning (the collector's readiness)
     * @param catalog the fine-tuning provider's models, for their shutdown dates and the default model
     */
    public record Parts(StateStore state, SampleStore samples, Predicate<TaskName> ready, DatasetExporter exporter,
        FineTuningManager fineTuning, DefaultModelRegistry registry, ModelManager models, ModelEvaluator evaluator,
        RolloutGuardrail guardrail, ProductionLogStore log, ModelCatalog catalog) {
    }

    /**
     * Creates a loop.
     *
     * @throws com.slabstak.slabml.ConfigurationException naming the key of a bad setting
     */
    public DefaultImprovementLoop(Parts parts, SlabMlConfig config, Clock clock) {
        Objects.requireNonNull(parts, "parts");
        this.state = Objects.requireNonNull(parts.state(), "state");
        this.samples = Objects.requireNonNull(parts.samples(), "samples");
        this.ready = Objects.requireNonNull(parts.ready(), "ready");
        DefaultModelRegistry registry = Objects.requireNonNull(parts.registry(), "registry");
        this.guardrail = Objects.requireNonNull(parts.guardrail(), "guardrail");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = LoopSettings.from(Objects.requireNonNull(config, "config"));
        this.owner = "slabml-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.journal = new LoopJournal(state, registry, clock);
        this.training = new TrainingStep(state, samples, ready, Objects.requireNonNull(parts.exporter(), "exporter"),
            Objects.requireNonNull(parts.fineTuning(), "fineTuning"), registry, settings, journal, clock);
        this.evaluation = new EvaluationStep(state, registry, Objects.requireNonNull(parts.models(), "models"),
            Objects.requireNonNull(parts.evaluator(), "evaluator"), config.getDouble(PromotionGate.MARGIN_KEY, 0.0),
            settings, journal, clock);
        this.rollout = new RolloutStages(registry, guardrail, settings, journal, clock);
        this.retrain = new RetrainTriggers(registry, Objects.requireNonNull(parts.log(), "log"),
            Objects.requireNonNull(parts.catalog(), "catalog"), settings, journal, clock, guardrail.comparators());
    }

    /** The rollout percentages of the stages. */
    public List<Integer> stages() {
        return settings.stages();
    }

    @Override
    public LoopStatus status(TaskName task) {
        Objects.requireNonNull(task, "task");
        LoopState s = journal.current(task).getValue();
        return status(task, s, waitingFor(task, s));
    }

    @Override
    public LoopStatus runOnce(TaskName task) {
        Objects.requireNonNull(task, "task");
        if (!state.tryAcquireLease(LoopState.key(task), owner, settings.leaseTtl())) {
            LoopStatus s = status(task);
            return new LoopStatus(task, s.round(), s.step(), s.candidateModel(), s.jobId(), s.stage(),
                "another instance runs this loop (it holds the lease)", s.awaitingApproval(), s.heldOutVersion(),
                s.updatedAt(), s.decisions());
        }
        String waiting = null;
        for (int i = 0; i < MAX_STEPS_PER_RUN && waiting == null; i++) {
            waiting = step(task);
        }
        Map.Entry<Long, LoopState> current = journal.current(task);
        LoopState s = current.getValue();
        LoopStep awaited = waiting == null ? null : awaited(waiting);
        if (awaited != null && s.awaiting != awaited) {
            // remembered, so that status and approve know it without taking the step again
            LoopState next = s.copy();
            next.awaiting = awaited;
            journal.write(task, current.getKey(), next);
            s = next;
        }
        return status(task, s, waiting == null ? waitingFor(task, s) : waiting);
    }

    @Override
    public LoopStatus approve(TaskName task, LoopStep step, String reason) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(reason, "reason");
        Map.Entry<Long, LoopState> current = journal.current(task);
        LoopState s = current.getValue();
        LoopStep waiting = awaitingApproval(task, s);
        if (waiting != step) {
            throw new InvalidInputException("step", step + " is not waiting for approval (the loop is at " + s.step
                + (waiting == null ? ", waiting for no approval)" : ", waiting for approval of " + waiting + ")"));
        }
        LoopState next = s.copy();
        next.approved = step;
        next.awaiting = null;
        journal.decide(task, next, "approved", reason, Map.of());
        journal.write(task, current.getKey(), next);
        return status(task);
    }

    @Override
    public GuardrailDecision checkRollout(TaskName task) {
        return guardrail.check(task);
    }

    @Override
    public List<Map<String, Object>> heldOutSet(TaskName task) {
        return HeldOutSet.read(state, task).map(HeldOutSet::items).orElse(List.of());
    }

    /** Releases the leases this instance holds, so another instance can take over at once. */
    public void release(TaskName task) {
        state.releaseLease(LoopState.key(task), owner);
    }

    /** Takes one step; returns what it waits for, or null when it moved on and may take another. */
    private String step(TaskName task) {
        Map.Entry<Long, LoopState> current = journal.current(task);
        LoopState s = current.getValue();
        LoopState next = s.copy();
        String waiting = switch (s.step) {
            case COLLECT -> training.collect(task, s, next);
            case EXPORT -> training.export(task, s, next);
            case UPLOAD -> training.upload(task, s, next);
            case TRAIN -> training.train(task, s, next);
            case WAIT -> training.await(task, s, next);
            case EVALUATE -> evaluation.evaluate(task, s, next);
            case GATE -> evaluation.gate(task, s, next);
            case ROLLOUT -> rollout.rollout(task, s, next);
            case MONITOR -> retrain.monitor(task, s, next);
        };
        if (waiting != null) {
            return waiting;
        }
        next.updatedAt = clock.instant();
        next.awaiting = null;
        journal.write(task, current.getKey(), next);
        return null;
    }

    private LoopStep awaitingApproval(TaskName task, LoopState s) {
        return awaited(waitingFor(task, s));
    }

    /** The step a waiting message waits to have approved, if any. */
    private static LoopStep awaited(String w) {
        for (LoopStep step : LoopStep.values()) {
            if (w.endsWith(StepRules.AWAITING + step)) {
                return step;
            }
        }
        return null;
    }

    /** What the loop waits for now, without acting (asks the same questions a step would). */
    private String waitingFor(TaskName task, LoopState s) {
        return switch (s.step) {
            case COLLECT -> {
                if (!ready.test(task)) {
                    yield "collecting: the " + task + " dataset is not ready for fine-tuning yet";
                }
                if (s.round > 0 && s.retrainReason == null && s.needNewSamples
                    && samples.count(task) - s.samplesAtTraining < settings.minNewSamples()) {
                    yield "collecting: " + (samples.count(task) - s.samplesAtTraining) + " new samples since the last "
                        + "training, " + settings.minNewSamples() + " needed";
                }
                String manual = StepRules.hold(settings.train(), s, LoopStep.EXPORT, "training");
                yield manual != null ? manual : "ready to train";
            }
            case GATE -> {
                String manual = EvaluationStep.promotes(s) ? StepRules.hold(settings.gate(), s, LoopStep.GATE,
                    "the rollout") : null;
                yield manual != null ? manual : "ready to act on the gate's decision";
            }
            case WAIT -> "waiting for fine-tuning job " + s.jobId;
            case ROLLOUT -> s.awaiting == LoopStep.ROLLOUT ? "ready for the next stage: " + StepRules.AWAITING
                + LoopStep.ROLLOUT : "rolling out " + s.candidate + " at stage " + (s.stage + 1) + " ("
                + settings.stages().get(s.stage) + "%)";
            case MONITOR -> s.haltReason != null ? s.haltReason : s.awaiting == LoopStep.MONITOR
                ? "ready for a retrain: " + StepRules.AWAITING + LoopStep.MONITOR : "monitoring";
            default -> "ready for " + s.step;
        };
    }

    private LoopStatus status(TaskName task, LoopState s, String waiting) {
        int version = HeldOutSet.read(state, task).map(HeldOutSet::version).orElse(0);
        return new LoopStatus(task, s.round, s.step, s.candidate, s.jobId, s.stage, waiting,
            waiting.contains(StepRules.AWAITING), version, s.updatedAt == null ? Instant.EPOCH : s.updatedAt,
            s.decisions);
    }
}
