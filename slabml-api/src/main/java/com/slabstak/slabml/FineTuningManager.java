/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs fine-tuning jobs through the configured {@code FineTuningBackend}: estimate, upload, create,
 * watch, cancel, list.
 *
 * {@code
 * FineTuningManager ft = slabMl.fineTuning();
 * UploadedFile file = ft.upload(export.trainingFile());
 * FineTuningJob job = ft.createJob(JobRequest.builder()
 *     .trainingFileId(file.id()).model("base-model").suffix("slabstak-card-id").build());
 * FineTuningJob done = ft.waitForCompletion(job.id(), WaitOptions.defaults());
 * }
 */
public interface FineTuningManager {

    /**
     * Uploads a JSONL training or validation file after validating it.
     *
     * @throws InvalidInputException if the file is missing, not {@code .jsonl}, too large, or invalid
     */
    UploadedFile upload(Path file);

    /** Creates a job; a create whose response was lost is recovered, never sent twice. */
    FineTuningJob createJob(JobRequest request);

    /** Returns the job's current state. */
    FineTuningJob status(String jobId);

    /**
     * Polls until the job is terminal, reporting status changes and events to the listener.
     *
     * @throws WaitTimeoutException if the timeout passes first
     */
    FineTuningJob waitForCompletion(String jobId, WaitOptions options);

    /** Cancels a job that has not finished. */
    FineTuningJob cancel(String jobId);

    /** Pauses a running job, where the provider supports it. */
    FineTuningJob pause(String jobId);

    /** Resumes a paused job, where the provider supports it. */
    FineTuningJob resume(String jobId);

    /** Deletes a fine-tuned model. */
    void deleteModel(String modelId);

    /** Returns the jobs this installation started (tracked under {@code jobs/}), oldest first. */
    List<TrackedJob> trackedJobs();

    /**
     * Returns the models among {@code modelsInUse} whose provider-announced shutdown date is within
     * {@code days} days, soonest first.
     */
    List<ModelInfo> modelsNearShutdown(java.util.Collection<String> modelsInUse, int days);

    /** Returns the newest {@code limit} jobs, newest first. */
    List<FineTuningJob> listJobs(int limit);

    /** Returns the job's events, oldest first. */
    List<JobEvent> events(String jobId, int limit);

    /** Returns the job's checkpoints. */
    List<Checkpoint> checkpoints(String jobId);

    /** Returns the models the provider serves. */
    List<ModelInfo> listModels();

    /** Estimates the cost of training on {@code file} with epochs chosen as the provider would. */
    CostEstimate estimateCost(Path file, String model);

    /** Estimates the cost of training on {@code file} for {@code epochs} epochs. */
    CostEstimate estimateCost(Path file, String model, int epochs);
}