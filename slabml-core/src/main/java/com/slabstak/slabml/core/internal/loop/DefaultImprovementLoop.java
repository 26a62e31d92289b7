/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.GuardrailDecision;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.ImprovementLoop;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.LoopDecision;
import com.slabstak.slabml.LoopStatus;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.ModelRunStats;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.PromotionDecision;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.core.internal.evaluation.PromotionGate;
import com.slabstak.slabml.core.internal.rollout.RolloutGuardrail;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ImprovementLoop}, over the stores and components of one SlabML instance.
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
 * LoopStatus s = new DefaultImprovementLoop(parts...).runOnce(TaskName.CARD_IDENTIFICATION);
 * }</pre>
 */
public final class DefaultImprovementLoop implements ImprovementLoop {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultImprovementLoop.class);
    private static final int MAX_STEPS_PER_RUN = 32;

    private final StateStore state;
    private final SampleStore samples;
    private final Predicate<TaskName> ready;
    private final DatasetExporter exporter;
    private final FineTuningManager fineTuning;
    private final DefaultModelRegistry registry;
    private final ModelManager models;
    private final ModelEvaluator evaluator;
    private final RolloutGuardrail guardrail;
    private final ProductionLogStore log;
    private final Clock clock;
    private final LoopSettings settings;
    private final double gateMargin;
    private final String owner;
    private final Map<TaskName, DriftWatch> drift = new ConcurrentHashMap<>();

    /**
     * The parts the loop drives.
     *
     * @param ready whether a task's dataset is ready for fine-tuning (the collector's readiness)
     */
    public record Parts(StateStore state, SampleStore samples, Predicate<TaskName> ready, DatasetExporter exporter,
        FineTuningManager fineTuning, DefaultModelRegistry registry, ModelManager models, ModelEvaluator evaluator,
        RolloutGuardrail guardrail, ProductionLogStore log) {
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
        this.exporter = Objects.requireNonNull(parts.exporter(), "exporter");
        this.fineTuning = Objects.requireNonNull(parts.fineTuning(), "fineTuning");
        this.registry = Objects.requireNonNull(parts.registry(), "registry");
        this.models = Objects.requireNonNull(parts.models(), "models");
        this.evaluator = Objects.requireNonNull(parts.evaluator(), "evaluator");
        this.guardrail = Objects.requireNonNull(parts.guardrail(), "guardrail");
        this.log = Objects.requireNonNull(parts.log(), "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = LoopSettings.from(Objects.requireNonNull(config, "config"));
        this.gateMargin = config.getDouble(PromotionGate.MARGIN_KEY, 0.0);
        this.owner = "slabml-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The rollout percentages of the stages. */
    public List<Integer> stages() {
        return settings.stages();
    }

    @Override
    public LoopStatus status(TaskName task) {
        Objects.requireNonNull(task, "task");
        LoopState s = read(task).map(Map.Entry::getValue).orElseGet(LoopState::new);
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
        LoopState s = read(task).map(Map.Entry::getValue).orElseGet(LoopState::new);
        return status(task, s, waiting == null ? waitingFor(task, s) : waiting);
    }

    @Override
    public LoopStatus approve(TaskName task, LoopStep step, String reason) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(reason, "reason");
        Map.Entry<Long, LoopState> current = read(task).orElse(Map.entry(0L, new LoopState()));
        LoopState s = current.getValue();
        LoopStep waiting = awaitingApproval(task, s);
        if (waiting != step) {
            throw new InvalidInputException("step", step + " is not waiting for approval (the loop is at " + s.step
                + (waiting == null ? ", waiting for no approval)" : ", waiting for approval of " + waiting + ")"));
        }
        LoopState next = s.copy();
        next.approved = step;
        decide(task, next, "approved", reason, Map.of());
        write(task, current.getKey(), next);
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

    // ------------------------------------------------------------------------------ steps

    /** Takes one step; returns what it waits for, or null when it moved on and may take another. */
    private String step(TaskName task) {
        Map.Entry<Long, LoopState> current = read(task).orElse(Map.entry(0L, new LoopState()));
        long version = current.getKey();
        LoopState s = current.getValue();
        LoopState next = s.copy();
        String waiting = switch (s.step) {
            case COLLECT -> collect(task, s, next);
            case EXPORT -> export(task, s, next);
            case UPLOAD -> upload(s, next);
            case TRAIN -> train(task, s, next);
            case WAIT -> await(task, s, next);
            case EVALUATE -> evaluate(task, s, next);
            case GATE -> gate(task, s, next);
            case ROLLOUT -> rollout(task, s, next);
            case MONITOR -> monitor(task, s, next);
        };
        if (waiting != null) {
            return waiting;
        }
        next.updatedAt = clock.instant();
        write(task, version, next);
        return null;
    }

    private String collect(TaskName task, LoopState s, LoopState next) {
        long count = samples.count(task);
        boolean datasetReady = ready.test(task);
        if (!datasetReady) {
            return "collecting: the " + task + " dataset is not ready for fine-tuning yet (" + count + " samples)";
        }
        if (s.round > 0 && s.retrainReason == null) {
            if (!s.needNewSamples) {
                return "monitoring";
            }
            long fresh = count - s.samplesAtTraining;
            if (fresh < settings.minNewSamples()) {
                return "collecting: " + fresh + " new samples since the last training, " + settings.minNewSamples()
                    + " needed";
            }
        }
        String manual = gateStep(settings.train(), s, LoopStep.EXPORT, "training");
        if (manual != null) {
            return manual;
        }
        if (HeldOutSet.read(state, task).isEmpty()) {
            HeldOutSet set;
            try (var all = samples.read(task)) {
                set = HeldOutSet.choose(all, settings.heldOutFraction(), settings.heldOutMax(), clock.instant());
            }
            if (set.items().isEmpty()) {
                return "collecting: no sample could be held out for evaluation yet";
            }
            if (state.compareAndSet(HeldOutSet.key(task), 0, set.toJson()).isEmpty()) {
                LOG.info("The held-out set of {} was frozen by another instance", task);
            } else {
                LOG.info("Froze the held-out set of {}: {} items (version 1), never exported for training", task,
                    set.items().size());
            }
        }
        next.round = s.round + 1;
        next.step = LoopStep.EXPORT;
        next.approved = null;
        next.idempotencyKey = "slabml-loop-" + task.value() + "-" + next.round + "-" + UUID.randomUUID();
        next.trainFrom = s.trainFrom != null ? s.trainFrom : registry.deployment(task).baseModel();
        next.samplesAtTraining = count;
        next.trainingFile = null;
        next.validationFile = null;
        next.trainingFileId = null;
        next.validationFileId = null;
        next.jobId = null;
        next.candidate = null;
        next.gate = null;
        next.stage = -1;
        String why = s.retrainReason != null ? s.retrainReason
            : s.round == 0 ? "the dataset is ready (" + count + " samples)" : count - s.samplesAtTraining + " new samples";
        next.retrainReason = null;
        next.needNewSamples = false;
        decide(task, next, "train", "round " + next.round + ": training because " + why,
            Map.of("samples", (double) count));
        return null;
    }

    private String export(TaskName task, LoopState s, LoopState next) {
        ExportResult r = exporter.export(ExportRequest.builder().task(task).validationFraction(0.1).seed(42).build());
        next.trainingFile = r.trainingFile().toString();
        next.validationFile = r.validationFile().map(Path::toString).orElse(null);
        next.step = LoopStep.UPLOAD;
        LOG.info("Loop {} round {}: exported {} training and {} validation examples", task, s.round,
            r.trainingExamples(), r.validationExamples());
        return null;
    }

    private String upload(LoopState s, LoopState next) {
        if (s.trainingFileId == null) {
            UploadedFile f = fineTuning.upload(Path.of(s.trainingFile));
            next.trainingFileId = f.id();
        }
        if (s.validationFile != null && s.validationFileId == null) {
            next.validationFileId = fineTuning.upload(Path.of(s.validationFile)).id();
        }
        next.step = LoopStep.TRAIN;
        return null;
    }

    private String train(TaskName task, LoopState s, LoopState next) {
        JobRequest.Builder b = JobRequest.builder().trainingFileId(s.trainingFileId).model(s.trainFrom)
            .suffix(task.value().replace('_', '-')).task(task).seed(42L).idempotencyKey(s.idempotencyKey)
            .hyperparameters(Hyperparameters.builder().epochs(settings.epochs()).build());
        if (s.validationFileId != null) {
            b.validationFileId(s.validationFileId);
        }
        FineTuningJob job = fineTuning.createJob(b.build());
        next.jobId = job.id();
        next.lastTrainedAt = clock.instant();
        next.step = LoopStep.WAIT;
        decide(task, next, "job_created", "round " + s.round + ": fine-tuning job " + job.id() + " on " + job.model(),
            Map.of());
        return null;
    }

    private String await(TaskName task, LoopState s, LoopState next) {
        FineTuningJob job = fineTuning.status(s.jobId);
        if (!job.status().isTerminal()) {
            return "waiting for fine-tuning job " + job.id() + " (" + job.status().value() + ")";
        }
        if (!job.status().equals(JobStatus.SUCCEEDED) || job.fineTunedModel().isEmpty()) {
            next.step = LoopStep.COLLECT;
            next.needNewSamples = true;
            decide(task, next, "training_failed", "round " + s.round + ": job " + job.id() + " ended "
                + job.status().value() + job.error().map(e -> ": " + e.code() + ": " + e.message()).orElse(""), Map.of());
            return null;
        }
        String model = job.fineTunedModel().get();
        if (registry.versions(task).stream().noneMatch(v -> v.modelId().equals(model))) {
            ModelVersion.Builder v = ModelVersion.builder().task(task).modelId(model).baseModel(job.model())
                .jobId(job.id()).trainingFile(s.trainingFileId).createdAt(clock.instant());
            job.trainedTokens().ifPresent(t -> v.putMetric("trained_tokens", (double) t));
            registry.register(v.build());
        }
        next.candidate = model;
        next.step = LoopStep.EVALUATE;
        return null;
    }

    private String evaluate(TaskName task, LoopState s, LoopState next) {
        HeldOutSet set = HeldOutSet.read(state, task)
            .orElseThrow(() -> new StoreException("the held-out set of " + task + " is missing from the state store"));
        Deployment d = registry.deployment(task);
        String serving = d.candidateModel().filter(c -> d.rolloutPercent() == 100).orElse(d.baseModel());
        List<Map<String, Object>> servingOut = new ArrayList<>();
        List<Map<String, Object>> candidateOut = new ArrayList<>();
        List<Map<String, Object>> truth = new ArrayList<>();
        int candidateFailures = 0;
        for (Map<String, Object> item : set.items()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> input = (Map<String, Object>) item.get("input");
            @SuppressWarnings("unchecked")
            Map<String, Object> output = (Map<String, Object>) item.get("output");
            List<ModelRunStats> runs = models.compareModels(task, input, List.of(serving, s.candidate), 1).models();
            servingOut.add(runs.get(0).outputs().isEmpty() ? Map.of() : runs.get(0).outputs().get(0));
            candidateOut.add(runs.get(1).outputs().isEmpty() ? Map.of() : runs.get(1).outputs().get(0));
            candidateFailures += runs.get(1).failures();
            truth.add(output);
        }
        if (candidateFailures == set.items().size()) {
            return "waiting for " + s.candidate + " to answer (every held-out request failed; it may still be loading)";
        }
        AbTestResult ab = evaluator.abTest(task, servingOut, candidateOut, truth, serving, s.candidate);
        PromotionDecision decision = PromotionGate.decide(ab, gateMargin);
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("promote", decision.promote());
        gate.put("verdict", decision.verdict());
        gate.put("reason", decision.reason());
        gate.put("numbers", decision.numbers());
        gate.put("held_out_version", set.version());
        next.gate = gate;
        next.serving = serving;
        next.step = LoopStep.GATE;
        Map<String, Double> numbers = new LinkedHashMap<>(decision.numbers());
        numbers.put("held_out_version", (double) set.version());
        decide(task, next, "evaluated", "round " + s.round + ": " + s.candidate + " vs " + serving + " on "
            + set.items().size() + " held-out items (version " + set.version() + "): " + decision.reason(), numbers);
        return null;
    }

    @SuppressWarnings("unchecked")
    private String gate(TaskName task, LoopState s, LoopState next) {
        boolean promote = Boolean.TRUE.equals(s.gate.get("promote"));
        String reason = (String) s.gate.get("reason");
        Map<String, Double> numbers = new LinkedHashMap<>();
        ((Map<String, Object>) s.gate.get("numbers")).forEach((k, v) -> numbers.put(k, ((Number) v).doubleValue()));
        recordOnce(task, "gate", s.candidate, reason, numbers, (String) s.gate.get("verdict"), promote);
        if (!promote) {
            next.step = LoopStep.COLLECT;
            next.needNewSamples = true;
            next.candidate = null;
            decide(task, next, "rejected", "round " + s.round + ": " + reason, numbers);
            return null;
        }
        String manual = gateStep(settings.gate(), s, LoopStep.GATE, "the rollout");
        if (manual != null) {
            return manual;
        }
        Deployment d = registry.deployment(task);
        if (!d.candidateModel().map(s.candidate::equals).orElse(false)) {
            if (d.candidateModel().isPresent() && d.rolloutPercent() == 100) {
                registry.adopt(task, "loop round " + s.round + ": " + d.candidateModel().get()
                    + " serves all traffic and becomes the base of the next rollout");
            }
            registry.startRollout(task, s.candidate, settings.stages().get(0), reason);
        }
        next.step = LoopStep.ROLLOUT;
        next.approved = null;
        next.stage = 0;
        next.stageStartedAt = clock.instant();
        next.stageStartVolume = 0;
        decide(task, next, "promoted", "round " + s.round + ": " + s.candidate + " rolls out at "
            + settings.stages().get(0) + "%: " + reason, numbers);
        return null;
    }

    private String rollout(TaskName task, LoopState s, LoopState next) {
        Deployment d = registry.deployment(task);
        int percent = settings.stages().get(s.stage);
        if (!d.candidateModel().map(s.candidate::equals).orElse(false)) {
            next.step = LoopStep.COLLECT;
            next.needNewSamples = true;
            decide(task, next, "rolled_back", "round " + s.round + ": " + s.candidate
                + " is no longer deployed (rolled back by hand or by the guardrail)", Map.of());
            return null;
        }
        if (d.rolloutPercent() != percent) {
            // the state moved to this stage, then the process stopped before the registry did
            applyStage(task, s, percent);
        }
        GuardrailDecision g = guardrail.check(task);
        Map<String, Double> numbers = numbers(g);
        if (g.stopped()) {
            next.step = LoopStep.COLLECT;
            next.needNewSamples = true;
            decide(task, next, "rolled_back", "round " + s.round + ": " + g.reason(), numbers);
            return null;
        }
        if (percent == 100) {
            next.step = LoopStep.MONITOR;
            next.stage = -1;
            decide(task, next, "serving", "round " + s.round + ": " + s.candidate + " serves all " + task + " traffic",
                numbers);
            return null;
        }
        long stageVolume = g.candidateCorrections().total() - s.stageStartVolume;
        Duration inStage = Duration.between(s.stageStartedAt, clock.instant());
        if (g.action() != GuardrailDecision.Action.NON_INFERIOR || stageVolume < settings.stageMinVolume()
            || inStage.compareTo(settings.stageMinTime()) < 0) {
            return String.format(Locale.ROOT, "rollout stage %d (%d%%): %d of %d candidate predictions, %s of %s; %s",
                s.stage + 1, percent, stageVolume, settings.stageMinVolume(), inStage, settings.stageMinTime(),
                g.reason());
        }
        String manual = gateStep(settings.advance(), s, LoopStep.ROLLOUT, "the next stage");
        if (manual != null) {
            return manual;
        }
        int nextPercent = settings.stages().get(s.stage + 1);
        next.stage = s.stage + 1;
        next.stageStartedAt = clock.instant();
        next.stageStartVolume = g.candidateCorrections().total();
        next.approved = null;
        decide(task, next, "advanced", "round " + s.round + ": stage " + (s.stage + 1) + " passed, " + s.candidate
            + " goes to " + nextPercent + "%: " + g.reason(), numbers);
        // persisted first by step(); the next step applies it to the registry (see above)
        return null;
    }

    private void applyStage(TaskName task, LoopState s, int percent) {
        String reason = "loop round " + s.round + ": stage " + (s.stage + 1) + " of " + settings.stages().size();
        if (percent == 100) {
            registry.promote(task, reason);
        } else {
            registry.setRolloutPercent(task, percent, reason);
        }
    }

    private String monitor(TaskName task, LoopState s, LoopState next) {
        Deployment d = registry.deployment(task);
        String serving = d.candidateModel().filter(c -> d.rolloutPercent() == 100).orElse(d.baseModel());
        Optional<String> reason = Optional.empty();
        Instant now = clock.instant();
        if (!settings.retrainEvery().isZero() && s.lastTrainedAt != null
            && !now.isBefore(s.lastTrainedAt.plus(settings.retrainEvery()))) {
            reason = Optional.of("the scheduled retrain is due (last training " + s.lastTrainedAt + ", every "
                + settings.retrainEvery() + ")");
        }
        if (reason.isEmpty()) {
            Instant promotedAt = promotedAt(task, serving);
            DriftWatch w = drift.get(task);
            if (promotedAt != null && (w == null || !w.watches(serving, promotedAt))) {
                w = new DriftWatch(log, guardrail.comparators(), task, serving, promotedAt, settings.driftBaseline(),
                    settings.driftAlpha());
                drift.put(task, w);
            }
            if (w != null) {
                reason = w.check(now);
            }
        }
        if (reason.isEmpty()) {
            reason = shutdownSoon(d);
        }
        if (reason.isEmpty()) {
            return "monitoring " + serving + ": no retrain due";
        }
        if (settings.retrain() == LoopSettings.Mode.OFF) {
            return "a retrain is due (" + reason.get() + "), but retraining is off (slabml.loop.retrain=off)";
        }
        String manual = gateStep(settings.retrain(), s, LoopStep.MONITOR, "a retrain (" + reason.get() + ")");
        if (manual != null) {
            return manual;
        }
        next.step = LoopStep.COLLECT;
        next.retrainReason = reason.get();
        next.approved = null;
        decide(task, next, "retrain", "retrain: " + reason.get(), Map.of());
        return null;
    }

    /**
     * Hook for the provider's shutdown dates: asks the fine-tuning manager (the provider's model
     * list) which serving models shut down within {@code slabml.loop.shutdown_days}.
     */
    private Optional<String> shutdownSoon(Deployment d) {
        if (settings.shutdownDays() == 0) {
            return Optional.empty();
        }
        TreeSet<String> inUse = new TreeSet<>();
        inUse.add(d.baseModel());
        d.candidateModel().ifPresent(inUse::add);
        List<ModelInfo> soon;
        try {
            soon = fineTuning.modelsNearShutdown(inUse, settings.shutdownDays());
        } catch (SlabMlException e) {
            LOG.warn("Could not ask the provider for shutdown dates: {}", e.getMessage());
            return Optional.empty();
        }
        return soon.isEmpty() ? Optional.empty() : Optional.of(soon.get(0).id() + " shuts down on "
            + soon.get(0).shutdownDate().map(Object::toString).orElse("?") + ", within " + settings.shutdownDays()
            + " days");
    }

    private Instant promotedAt(TaskName task, String serving) {
        List<DeploymentEvent> h = registry.history(task);
        for (int i = h.size() - 1; i >= 0; i--) {
            DeploymentEvent e = h.get(i);
            if (e.deployment().candidateModel().map(serving::equals).orElse(false) && e.deployment().rolloutPercent() == 100
                && "promote".equals(e.action())) {
                return e.at();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------ helpers

    /** For a manual step not yet approved, returns what it waits for; for an off step, says so; else null. */
    private String gateStep(LoopSettings.Mode mode, LoopState s, LoopStep step, String what) {
        if (mode == LoopSettings.Mode.OFF) {
            return "ready for " + what + ", but that step is off";
        }
        if (mode == LoopSettings.Mode.MANUAL && s.approved != step) {
            return "ready for " + what + ": waiting for approval of " + step;
        }
        return null;
    }

    private LoopStep awaitingApproval(TaskName task, LoopState s) {
        String w = waitingFor(task, s);
        for (LoopStep step : LoopStep.values()) {
            if (w.endsWith("waiting for approval of " + step)) {
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
                String manual = gateStep(settings.train(), s, LoopStep.EXPORT, "training");
                yield manual != null ? manual : "ready to train";
            }
            case GATE -> {
                String manual = Boolean.TRUE.equals(s.gate == null ? null : s.gate.get("promote"))
                    ? gateStep(settings.gate(), s, LoopStep.GATE, "the rollout") : null;
                yield manual != null ? manual : "ready to act on the gate's decision";
            }
            case WAIT -> "waiting for fine-tuning job " + s.jobId;
            case ROLLOUT -> "rolling out " + s.candidate + " at stage " + (s.stage + 1) + " ("
                + settings.stages().get(s.stage) + "%)";
            case MONITOR -> "monitoring";
            default -> "ready for " + s.step;
        };
    }

    /** Records a gate decision in the registry unless the history already has it. */
    private void recordOnce(TaskName task, String action, String candidate, String reason, Map<String, Double> numbers,
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

    private void decide(TaskName task, LoopState next, String outcome, String reason, Map<String, Double> numbers) {
        LoopDecision d = new LoopDecision(clock.instant(), next.round, next.step, outcome, reason, numbers);
        next.decide(d);
        next.fresh.add(d);
        LOG.info("Loop {}: {}: {}", task, outcome, reason);
    }

    private static Map<String, Double> numbers(GuardrailDecision g) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("base_corrections", (double) g.baseCorrections().successes());
        m.put("base_volume", (double) g.baseCorrections().total());
        m.put("candidate_corrections", (double) g.candidateCorrections().successes());
        m.put("candidate_volume", (double) g.candidateCorrections().total());
        if (!Double.isNaN(g.differenceLower())) {
            m.put("difference_lower", g.differenceLower());
            m.put("difference_upper", g.differenceUpper());
        }
        return m;
    }

    private Optional<Map.Entry<Long, LoopState>> read(TaskName task) {
        return state.get(LoopState.key(task)).map(v -> Map.entry(v.version(), LoopState.parse(v.value())));
    }

    private void write(TaskName task, long version, LoopState next) {
        if (next.updatedAt == null) {
            next.updatedAt = clock.instant();
        }
        // the step's decisions go to the registry history first, each once (a retry after a crash finds it there)
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

    private LoopStatus status(TaskName task, LoopState s, String waiting) {
        int version = HeldOutSet.read(state, task).map(HeldOutSet::version).orElse(0);
        return new LoopStatus(task, s.round, s.step, s.candidate, s.jobId, s.stage, waiting,
            waiting.contains("waiting for approval of "), version, s.updatedAt == null ? Instant.EPOCH : s.updatedAt,
            s.decisions);
    }
}
