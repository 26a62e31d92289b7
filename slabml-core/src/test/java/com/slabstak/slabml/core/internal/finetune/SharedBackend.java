/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One provider that several instances call from several threads: a {@link ScriptedBackend} behind
 * a lock, recording who retrieved a job and when. A create takes {@code createMillis} outside the
 * lock, as a real one takes a round trip, so that concurrent creates overlap.
 */
final class SharedBackend implements FineTuningBackend {
    /** One retrieve: the calling thread and the clock's time. */
    record Retrieve(String thread, Instant at) {
    }

    final ScriptedBackend inner;
    private final Clock clock;
    private final long createMillis;
    private final List<Retrieve> retrieves = new ArrayList<>();
    private int creates;

    SharedBackend(Clock clock, long createMillis) {
        this.inner = new ScriptedBackend(clock);
        this.clock = clock;
        this.createMillis = createMillis;
    }

    synchronized int creates() {
        return creates;
    }

    synchronized List<Retrieve> retrieves() {
        return List.copyOf(retrieves);
    }

    synchronized void forgetRetrieves() {
        retrieves.clear();
    }

    @Override
    public synchronized UploadedFile uploadFile(Path file) {
        return inner.uploadFile(file);
    }

    @Override
    public FineTuningJob createJob(JobRequest request) {
        try {
            Thread.sleep(createMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        synchronized (this) {
            creates++;
            return inner.createJob(request);
        }
    }

    @Override
    public synchronized FineTuningJob retrieveJob(String jobId) {
        retrieves.add(new Retrieve(Thread.currentThread().getName(), clock.instant()));
        return inner.retrieveJob(jobId);
    }

    @Override
    public synchronized List<FineTuningJob> listJobs(int limit, String after) {
        return inner.listJobs(limit, after);
    }

    @Override
    public synchronized Optional<FineTuningJob> findJobByIdempotencyKey(String key) {
        for (FineTuningJob j : inner.jobs.values()) {
            if (key.equals(j.metadata().get(IDEMPOTENCY_METADATA_KEY))) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized FineTuningJob cancelJob(String jobId) {
        return inner.cancelJob(jobId);
    }

    @Override
    public synchronized List<JobEvent> listEvents(String jobId, int limit, String after) {
        return inner.listEvents(jobId, limit, after);
    }

    @Override
    public synchronized List<Checkpoint> listCheckpoints(String jobId, int limit) {
        return inner.listCheckpoints(jobId, limit);
    }

    @Override
    public synchronized List<ModelInfo> listModels() {
        return inner.listModels();
    }

    @Override
    public synchronized ModelInfo retrieveModel(String modelId) {
        return inner.retrieveModel(modelId);
    }

    @Override
    public synchronized void deleteModel(String modelId) {
        inner.deleteModel(modelId);
    }
}
