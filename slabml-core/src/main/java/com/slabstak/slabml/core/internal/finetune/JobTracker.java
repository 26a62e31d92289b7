/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.spi.JobStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps the {@link JobStore} record of each job this installation started in step with what the
 * provider says: status and fine-tuned model. Reports each new status to the observer and, once,
 * the model a succeeded job produced for a task.
 */
final class JobTracker {
    private final JobStore jobs;
    private final Clock clock;
    private final SlabMlObserver observer;
    private final Consumer<ModelVersion> modelProduced;

    JobTracker(JobStore jobs, Clock clock, SlabMlObserver observer, Consumer<ModelVersion> modelProduced) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.modelProduced = Objects.requireNonNull(modelProduced, "modelProduced");
    }

    JobStore store() {
        return jobs;
    }

    /** Saves what the provider said of a tracked job. */
    void track(TrackedJob tracked, FineTuningJob job) {
        TrackedJob.Builder b = tracked.toBuilder().jobId(job.id()).status(job.status()).updatedAt(clock.instant());
        job.fineTunedModel().ifPresent(b::fineTunedModel);
        jobs.save(b.build());
        if (!tracked.status().equals(Optional.of(job.status()))) {
            observer.jobStateChanged(job.id(), job.status());
        }
    }

    /** Updates the tracked record of a job this installation started, if any. */
    void update(FineTuningJob job) {
        jobs.findByJobId(job.id()).ifPresent(t -> {
            boolean changed = !t.status().equals(Optional.of(job.status()))
                || !t.fineTunedModel().equals(job.fineTunedModel());
            if (changed) {
                track(t, job);
                if (job.status().equals(JobStatus.SUCCEEDED) && job.fineTunedModel().isPresent()
                    && t.task().isPresent()) {
                    modelProduced.accept(producedVersion(t, job));
                }
            }
        });
    }

    /**
     * What the job store says of a tracked job, as a job: what another instance last read from the
     * provider (no hyperparameters, tokens or error: those only the provider knows).
     */
    static FineTuningJob fromRecord(TrackedJob t) {
        JobStatus status = t.status().orElse(JobStatus.VALIDATING_FILES);
        FineTuningJob.Builder b = FineTuningJob.builder().id(t.jobId().orElseThrow()).model(t.model()).status(status)
            .createdAt(t.createdAt()).trainingFileId(t.trainingFileId());
        t.fineTunedModel().ifPresent(b::fineTunedModel);
        FineTuningJob partial = b.build();
        if (partial.isTerminal()) {
            b.finishedAt(t.updatedAt());
        }
        return b.build();
    }

    private ModelVersion producedVersion(TrackedJob tracked, FineTuningJob job) {
        ModelVersion.Builder v = ModelVersion.builder()
            .task(tracked.task().get())
            .modelId(job.fineTunedModel().get())
            .baseModel(job.model())
            .jobId(job.id())
            .trainingFile(tracked.trainingFileId())
            .createdAt(job.finishedAt().orElse(clock.instant()));
        job.trainedTokens().ifPresent(t -> v.putMetric("trained_tokens", (double) t));
        return v.build();
    }
}
