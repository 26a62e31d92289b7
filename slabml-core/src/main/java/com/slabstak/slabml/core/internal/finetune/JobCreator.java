/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.core.Sleeper;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.JobStore;
import com.slabstak.slabml.spi.ModelCatalog;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a fine-tuning job once per idempotency key, across retries, restarts and instances.
 *
 * <p>The request carries its idempotency key (generated when absent) in the job's metadata under
 * {@link FineTuningBackend#IDEMPOTENCY_METADATA_KEY}. The create runs under the lease
 * {@code job-create/<key>} of the shared state store, so of several instances creating the same
 * job one sends it; the others wait for the lease (or for the job to appear in the job store) and
 * then find the job there. The job is tracked before it is sent. When the create fails in a way
 * that may have lost the response (server error, timeout, I/O), the key is looked up with
 * {@link FineTuningBackend#findJobByIdempotencyKey} and only if no job carries it is the create sent
 * once more; an instance that takes over the lease of one that died does the same look-up.
 */
final class JobCreator {
    private static final Logger LOG = LoggerFactory.getLogger(JobCreator.class);

    private final FineTuningBackend backend;
    private final JobTracker tracker;
    private final JobLeases leases;
    private final ModelCatalog catalog;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Object createLock = new Object();

    JobCreator(FineTuningBackend backend, JobTracker tracker, JobLeases leases, ModelCatalog catalog, Clock clock,
               Sleeper sleeper) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    FineTuningJob create(JobRequest request) {
        Objects.requireNonNull(request, "request");
        JobInputs.checkAgainstCatalog(catalog, request);
        String key = request.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
        String inMetadata = request.metadata().get(FineTuningBackend.IDEMPOTENCY_METADATA_KEY);
        if (inMetadata != null && !inMetadata.equals(key)) {
            throw new InvalidInputException("metadata." + FineTuningBackend.IDEMPOTENCY_METADATA_KEY,
                "is reserved for the idempotency key");
        }
        OptionalInt maxMetadata = catalog.maxJobMetadata();
        if (inMetadata == null && maxMetadata.isPresent() && request.metadata().size() >= maxMetadata.getAsInt()) {
            throw new InvalidInputException("metadata", "at most " + (maxMetadata.getAsInt() - 1) + " pairs: one of the "
                + maxMetadata.getAsInt() + " " + catalog.provider() + " takes holds the idempotency key");
        }
        JobRequest sent = request.toBuilder().idempotencyKey(key)
            .putMetadata(FineTuningBackend.IDEMPOTENCY_METADATA_KEY, key).build();
        String lease = JobLeases.createLease(key);
        String owner = leases.newOwner();
        synchronized (createLock) {
            boolean held = awaitLease(lease, owner, key);
            try {
                return createOnce(request, sent, key);
            } finally {
                if (held) {
                    leases.release(lease, owner);
                }
            }
        }
    }

    /**
     * Waits until this call holds the create lease of {@code key}, or another instance's create
     * shows in the job store with its job id. A holder that died loses the lease after
     * {@link JobLeases#CREATE_TTL}.
     *
     * @return whether the lease is held (false when the job appeared first)
     */
    private boolean awaitLease(String lease, String owner, String key) {
        JobStore jobs = tracker.store();
        boolean logged = false;
        while (!leases.tryAcquire(lease, owner, JobLeases.CREATE_TTL)) {
            if (jobs.findByIdempotencyKey(key).flatMap(TrackedJob::jobId).isPresent()) {
                return false;
            }
            if (!logged) {
                LOG.info("another instance is creating the job with idempotency key {}; waiting for it", key);
                logged = true;
            }
            try {
                sleeper.sleep(JobLeases.CREATE_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlabMlException("interrupted while another instance created job " + key, e);
            }
        }
        return true;
    }

    /** Under the lease: returns the job the store already knows for the key, or creates it. */
    private FineTuningJob createOnce(JobRequest request, JobRequest sent, String key) {
        JobStore jobs = tracker.store();
        Optional<TrackedJob> known = jobs.findByIdempotencyKey(key);
        if (known.isPresent()) {
            TrackedJob t = known.get();
            if (!t.model().equals(request.model()) || !t.trainingFileId().equals(request.trainingFileId())) {
                throw new InvalidInputException("idempotency_key", "'" + key + "' was already used for a job on "
                    + t.model() + " with training file " + t.trainingFileId());
            }
            Optional<FineTuningJob> existing = t.jobId().isPresent()
                ? Optional.of(backend.retrieveJob(t.jobId().get()))
                : backend.findJobByIdempotencyKey(key);
            if (existing.isPresent()) {
                LOG.info("job for idempotency key {} already exists: {}", key, existing.get().id());
                tracker.track(t, existing.get());
                return existing.get();
            }
        }
        Instant now = clock.instant();
        TrackedJob tracked = known.orElseGet(() -> {
            TrackedJob.Builder b = TrackedJob.builder().idempotencyKey(key).model(request.model())
                .trainingFileId(request.trainingFileId()).createdAt(now).updatedAt(now);
            request.task().ifPresent(b::task);
            return b.build();
        });
        jobs.save(tracked);
        FineTuningJob job = sendCreate(sent, key);
        tracker.track(tracked, job);
        LOG.info("created fine-tuning job {} on {} (status {})", job.id(), job.model(), job.status());
        return job;
    }

    /** Sends the create; when the response may be lost, recovers by key before sending once more. */
    private FineTuningJob sendCreate(JobRequest sent, String key) {
        try {
            return backend.createJob(sent);
        } catch (ProviderUnavailableException | ProviderTimeoutException | UncheckedIOException lost) {
            LOG.warn("create of a fine-tuning job failed ({}); looking for a job with idempotency key {} before "
                + "trying once more", lost.getClass().getSimpleName(), key);
            Optional<FineTuningJob> found;
            try {
                found = backend.findJobByIdempotencyKey(key);
            } catch (RuntimeException lookup) {
                lost.addSuppressed(lookup);
                throw lost;
            }
            if (found.isPresent()) {
                LOG.info("recovered fine-tuning job {} created before the response was lost", found.get().id());
                return found.get();
            }
            try {
                return backend.createJob(sent);
            } catch (RuntimeException again) {
                again.addSuppressed(lost);
                throw again;
            }
        }
    }
}
