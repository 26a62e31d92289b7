/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.UploadedFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A service that trains models: files, fine-tuning jobs, their events and checkpoints, and the
 * models it serves. Implementations map their own errors into the
 * {@link com.slabstak.slabml.ProviderException} tree and retry (if at all) in one layer only.
 * Lists are newest first unless stated otherwise.
 *
 * @since 0.1
 */
public interface FineTuningBackend extends AutoCloseable {

    /**
     * Uploads a JSONL file for fine-tuning.
     *
     * @param file the file
     * @return the uploaded file
     */
    UploadedFile uploadFile(Path file);

    /**
     * Creates a job. Must send {@link JobRequest#idempotencyKey()}, when set, in a way
     * {@link #findJobByIdempotencyKey} can find again (OpenAI: the job's metadata).
     *
     * @param request the request
     * @return the fine tuning job
     */
    FineTuningJob createJob(JobRequest request);

    /**
     * Returns a job as the provider reports it now.
     *
     * @param jobId the job id
     * @return the job
     * @throws com.slabstak.slabml.NotFoundException if the provider has no such job
     */
    FineTuningJob retrieveJob(String jobId);

    /**
     * Returns up to {@code limit} jobs, newest first, after the job id {@code after} when given.
     *
     * @param limit the limit
     * @param after the after
     * @return up to {@code limit} jobs, newest first, after the job id {@code after} when given
     */
    List<FineTuningJob> listJobs(int limit, String after);

    /**
     * Cancels a job.
     *
     * @param jobId the job id
     * @return the job after cancelling
     * @throws com.slabstak.slabml.NotFoundException if the provider has no such job
     */
    FineTuningJob cancelJob(String jobId);

    /**
     * Pauses a job, where the provider can.
     *
     * @param jobId the job id
     * @return the job after pausing
     * @throws UnsupportedOperationException unless the provider pauses jobs
     */
    default FineTuningJob pauseJob(String jobId) {
        throw new UnsupportedOperationException("this backend cannot pause jobs");
    }

    /**
     * Resumes a paused job, where the provider can.
     *
     * @param jobId the job id
     * @return the job after resuming
     * @throws UnsupportedOperationException unless the provider pauses jobs
     */
    default FineTuningJob resumeJob(String jobId) {
        throw new UnsupportedOperationException("this backend cannot resume jobs");
    }

    /**
     * Returns up to {@code limit} events, newest first, after the event id {@code after} when given.
     *
     * @param jobId the job id
     * @param limit the limit
     * @param after the after
     * @return up to {@code limit} events, newest first, after the event id {@code after} when given
     */
    List<JobEvent> listEvents(String jobId, int limit, String after);

    /**
     * Lists a job's checkpoints, newest first.
     *
     * @param jobId the job id
     * @param limit the most to return
     * @return the checkpoints
     */
    List<Checkpoint> listCheckpoints(String jobId, int limit);

    /**
     * Lists the models the account can use, base and fine-tuned.
     *
     * @return the models
     */
    List<ModelInfo> listModels();

    /**
     * Returns one model.
     *
     * @param modelId the model id
     * @return the model
     * @throws com.slabstak.slabml.NotFoundException if there is no such model
     */
    ModelInfo retrieveModel(String modelId);

    /**
     * Deletes a fine-tuned model.
     *
     * @param modelId the model id
     */
    void deleteModel(String modelId);

    /**
     * Finds a job created with the given idempotency key, looking through recent jobs. Used to
     * recover a create whose response was lost.
     *
     * @param key the key
     * @return the fine tuning job, if any
     */
    default Optional<FineTuningJob> findJobByIdempotencyKey(String key) {
        for (FineTuningJob job : listJobs(100, null)) {
            if (key.equals(job.metadata().get(IDEMPOTENCY_METADATA_KEY))) {
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }

    /** The metadata key under which a job carries its idempotency key. */
    String IDEMPOTENCY_METADATA_KEY = "slabml_idempotency_key";

    @Override
    default void close() {
    }

}