/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.spi.JobStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Tracked jobs as an append-only JSONL log, {@code jobs/jobs.jsonl}: every save appends the whole
 * record, and the last line written for an idempotency key wins. {@link #list()} keeps the order in
 * which keys were first saved.
 *
 * <p>Public only for {@link #counters()}; create it through {@link FileStoreProvider}.
 */
final class FileJobStore implements JobStore {
    private final Path root;
    private final AppendLog log;
    private final SkippedLines skipped = new SkippedLines();
    private final SegmentedFile jobs;
    private final Runnable onClose;

    FileJobStore(Path root, LogSettings settings, Runnable onClose) {
        this.root = root;
        Path dir = root.resolve("jobs");
        FileSampleStore.createDirectories(dir);
        this.jobs = new SegmentedFile(root, dir, "jobs", settings.maxFileBytes());
        this.onClose = onClose;
        this.log = new AppendLog("jobs", settings);
    }

    @Override
    public void save(TrackedJob job) {
        Objects.requireNonNull(job, "job");
        log.append(jobs, out -> RecordCodec.writeJob(out, job));
    }

    @Override
    public Optional<TrackedJob> findByJobId(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        TrackedJob found = null;
        for (TrackedJob j : latest().values()) {
            if (j.jobId().filter(jobId::equals).isPresent()) {
                found = j;
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public Optional<TrackedJob> findByIdempotencyKey(String key) {
        Objects.requireNonNull(key, "key");
        return Optional.ofNullable(latest().get(key));
    }

    @Override
    public List<TrackedJob> list() {
        return List.copyOf(latest().values());
    }

    /** Returns what the writer did so far. */
    public StoreCounters counters() {
        return log.counters();
    }

    /** Writes what is queued, forces it to disk and stops the writer thread. */
    @Override
    public void close() {
        try {
            log.close();
        } finally {
            onClose.run();
        }
    }

    private Map<String, TrackedJob> latest() {
        log.awaitWritten();
        Map<String, TrackedJob> byKey = new LinkedHashMap<>();
        try (Stream<TrackedJob> s = RecordIterator.stream(jobs.segments(), root, RecordCodec::readJob, skipped)) {
            s.forEach(j -> byKey.put(j.idempotencyKey(), j));
        }
        return byKey;
    }
}
