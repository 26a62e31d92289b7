/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps from a ready dataset to a trained candidate: {@link LoopStep#COLLECT} starts a round
 * (freezing the held-out set before the first), {@link LoopStep#EXPORT}, {@link LoopStep#UPLOAD},
 * {@link LoopStep#TRAIN} (the job carries the idempotency key chosen when the round started) and
 * {@link LoopStep#WAIT} (registers the fine-tuned model). Each returns what it waits for, or null
 * after it filled in the next state.
 */
final class TrainingStep {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingStep.class);

    private final StateStore state;
    private final SampleStore samples;
    private final Predicate<TaskName> ready;
    private final DatasetExporter exporter;
    private final FineTuningManager fineTuning;
    private final DefaultModelRegistry registry;
    private final LoopSettings settings;
    private final LoopJournal journal;
    private final Clock clock;

    TrainingStep(StateStore state, SampleStore samples, Predicate<TaskName> ready, DatasetExporter exporter,
        FineTuningManager fineTuning, DefaultModelRegistry registry, LoopSettings settings, LoopJournal journal,
        Clock clock) {
        this.state = state;
        this.samples = samples;
        this.ready = ready;
        this.exporter = exporter;
        this.fineTuning = fineTuning;
        this.registry = registry;
        this.settings = settings;
        this.journal = journal;
        this.clock = clock;
    }

    String collect(TaskName task, LoopState s, LoopState next) {
        long count = samples.count(task);
        if (!ready.test(task)) {
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
        String manual = StepRules.hold(settings.train(), s, LoopStep.EXPORT, "training");
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
        journal.decide(task, next, "train", "round " + next.round + ": training because " + why,
            Map.of("samples", (double) count));
        return null;
    }

    String export(TaskName task, LoopState s, LoopState next) {
        ExportResult r = exporter.export(ExportRequest.builder().task(task).validationFraction(0.1).seed(42).build());
        next.trainingFile = r.trainingFile().toString();
        next.validationFile = r.validationFile().map(Path::toString).orElse(null);
        next.step = LoopStep.UPLOAD;
        LOG.info("Loop {} round {}: exported {} training and {} validation examples", task, s.round,
            r.trainingExamples(), r.validationExamples());
        return null;
    }

    String upload(TaskName task, LoopState s, LoopState next) {
        if (s.trainingFileId == null) {
            next.trainingFileId = fineTuning.upload(Path.of(s.trainingFile)).id();
        }
        if (s.validationFile != null && s.validationFileId == null) {
            next.validationFileId = fineTuning.upload(Path.of(s.validationFile)).id();
        }
        next.step = LoopStep.TRAIN;
        return null;
    }

    String train(TaskName task, LoopState s, LoopState next) {
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
        journal.decide(task, next, "job_created", "round " + s.round + ": fine-tuning job " + job.id() + " on "
            + job.model(), Map.of());
        return null;
    }

    String await(TaskName task, LoopState s, LoopState next) {
        FineTuningJob job = fineTuning.status(s.jobId);
        if (!job.status().isTerminal()) {
            return "waiting for fine-tuning job " + job.id() + " (" + job.status().value() + ")";
        }
        if (!job.status().equals(JobStatus.SUCCEEDED) || job.fineTunedModel().isEmpty()) {
            next.step = LoopStep.COLLECT;
            next.needNewSamples = true;
            journal.decide(task, next, "training_failed", "round " + s.round + ": job " + job.id() + " ended "
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
}
