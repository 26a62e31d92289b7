/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.TrackedJob;
import java.util.List;
import java.util.Optional;

/** Where the jobs this installation started are tracked ({@code jobs/}), so work survives a restart. */
public interface JobStore extends AutoCloseable {
    /** Inserts or replaces the record with the same idempotency key. */
    void save(TrackedJob job);

    Optional<TrackedJob> findByJobId(String jobId);

    Optional<TrackedJob> findByIdempotencyKey(String key);

    /** Returns every tracked job, oldest first. */
    List<TrackedJob> list();

    @Override
    default void close() {
    }
}