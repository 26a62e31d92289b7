/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A checkpoint a fine-tuning job saved at the end of an epoch, usable as a model.
 *
 * @param id the checkpoint id
 * @param jobId the job that produced it
 * @param model the checkpoint model name
 * @param step the step it was taken at
 * @param createdAt when it was saved
 * @param metrics metrics at that step
 * @since 0.1
 */
public record Checkpoint(
    String id,
    String jobId,
    String model,
    long step,
    java.time.Instant createdAt,
    Optional<JobMetrics> metrics
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param id the checkpoint id
     * @param jobId the job that produced it
     * @param model the checkpoint model name
     * @param step the step it was taken at
     * @param createdAt when it was saved
     * @param metrics metrics at that step
     */
    public Checkpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(metrics, "metrics");
    }
}
