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
 * <pre>{@code
 * FineTuningManager ft = slabMl.fineTuning();
 * UploadedFile file = ft.upload(export.trainingFile());
 * FineTuningJob job = ft.createJob(JobRequest.builder()
 *     .trainingFileId(file.id()).model("base-model").suffix("slabstak-card-id").build());
 * FineTuningJob done = ft.waitForCompletion(job.id(), WaitOptions.defaults());
 * }</pre>
 *
 * @since 0.1
 */
public interface FineTuningManager {

    /**
     * Uploads a JSONL training or validation file after validating it.
     *
     * @throws InvalidInputException if the file is missing, not {@code .jsonl}, too large, or invalid
     * @param file the file
     * @return the uploaded file
     */
    UploadedFile upload(Path file);

    /**
     * Creates a job; a create whose response was lost is recovered, never sent twice.
     *
     * @param request the request
     * @return the fine tuning job
     */
    FineTuningJob createJob(JobRequest request);

    /**
     * Returns the job's current state.
     *
     * @param jobId the job id
     * @return the job's current state
     */
    FineTuningJob status(String jobId);

    /**
     * Polls until the job is terminal, reporting status changes and events to the listener.
     *
     * @throws WaitTimeoutException if the timeout passes first
     * @param jobId the job id
     * @param options the options
     * @return the fine tuning job
     */
    FineTuningJob waitForCompletion(String jobId, WaitOptions options);

    /**
     * Cancels a job that has not finished.
     *
     * @param jobId the job id
     * @return the fine tuning job
     */
    FineTuningJob cancel(String jobId);

    /**
     * Pauses a running job, where the provider supports it.
     *
     * @param jobId the job id
     * @return the fine tuning job
     */
    FineTuningJob pause(String jobId);

    /**
     * Resumes a paused job, where the provider supports it.
     *
     * @param jobId the job id
     * @return the fine tuning job
     */
    FineTuningJob resume(String jobId);

    /**
     * Deletes a fine-tuned model.
     *
     * @param modelId the model id
     */
    void deleteModel(String modelId);

    /**
     * Returns the jobs this installation started (tracked under {@code jobs/}), oldest first.
     *
     * @return the jobs this installation started (tracked under {@code jobs/}), oldest first
     */
    List<TrackedJob> trackedJobs();

    /**
     * Returns the models among {@code modelsInUse} whose provider-announced shutdown date is within
     * {@code days} days, soonest first.
     *
     * @param modelsInUse the models in use
     * @param days the days
     * @return the models among {@code modelsInUse} whose provider-announced shutdown date is within {@code days} days, soonest first
     */
    List<ModelInfo> modelsNearShutdown(java.util.Collection<String> modelsInUse, int days);

    /**
     * Returns the newest {@code limit} jobs, newest first.
     *
     * @param limit the limit
     * @return the newest {@code limit} jobs, newest first
     */
    List<FineTuningJob> listJobs(int limit);

    /**
     * Returns the job's events, oldest first.
     *
     * @param jobId the job id
     * @param limit the limit
     * @return the job's events, oldest first
     */
    List<JobEvent> events(String jobId, int limit);

    /**
     * Returns the job's checkpoints.
     *
     * @param jobId the job id
     * @return the job's checkpoints
     */
    List<Checkpoint> checkpoints(String jobId);

    /**
     * Returns the models the provider serves.
     *
     * @return the models the provider serves
     */
    List<ModelInfo> listModels();

    /**
     * Estimates the cost of training on {@code file} with epochs chosen as the provider would.
     *
     * @param file the file
     * @param model the model
     * @return the cost estimate
     */
    CostEstimate estimateCost(Path file, String model);

    /**
     * Estimates the cost of training on {@code file} for {@code epochs} epochs.
     *
     * @param file the file
     * @param model the model
     * @param epochs the epochs
     * @return the cost estimate
     */
    CostEstimate estimateCost(Path file, String model, int epochs);
}