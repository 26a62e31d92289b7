/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.TrackedJob;
import java.util.List;
import java.util.Optional;

/**
 * Where the jobs this installation started are tracked ({@code jobs/}), so work survives a restart.
 *
 * @since 0.1
 */
public interface JobStore extends AutoCloseable {
    /**
     * Inserts or replaces the record with the same idempotency key.
     *
     * @param job the job
     */
    void save(TrackedJob job);

    /**
     * Finds the job a provider id names.
     *
     * @param jobId the provider's job id
     * @return the tracked job, if stored
     */
    Optional<TrackedJob> findByJobId(String jobId);

    /**
     * Finds the job created with an idempotency key.
     *
     * @param key the idempotency key
     * @return the tracked job, if stored
     */
    Optional<TrackedJob> findByIdempotencyKey(String key);

    /**
     * Returns every tracked job, oldest first.
     *
     * @return every tracked job, oldest first
     */
    List<TrackedJob> list();

    @Override
    default void close() {
    }
}