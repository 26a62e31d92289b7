/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.spi.RegistryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The model registry as two JSONL logs under {@code registry/}: {@code events.jsonl} (deployment
 * changes) and {@code versions.jsonl} (model versions). {@link #version()} is derived from the
 * files' sizes and modification times, so it changes when any process appends.
 *
 * <p>Public only for {@link #counters()}; create it through {@link FileStoreProvider}.
 */
final class FileRegistryStore implements RegistryStore {
    private final Path root;
    private final AppendLog log;
    private final SkippedLines skipped = new SkippedLines();
    private final SegmentedFile events;
    private final SegmentedFile versions;
    private final DirectoryLock eventLock;

    FileRegistryStore(Path root, LogSettings settings) {
        this.root = root;
        Path dir = root.resolve("registry");
        FileSampleStore.createDirectories(dir);
        this.events = new SegmentedFile(root, dir, "events", settings.maxFileBytes());
        this.versions = new SegmentedFile(root, dir, "versions", settings.maxFileBytes());
        this.log = new AppendLog("registry", settings);
        this.eventLock = new DirectoryLock(dir.resolve(".events.lock"));
    }

    @Override
    public void appendEvent(DeploymentEvent event) {
        Objects.requireNonNull(event, "event");
        JsonText.check("details", event.details());
        eventLock.locked(() -> {
            log.append(events, out -> RecordCodec.writeEvent(out, event));
            log.awaitWritten();
            return null;
        });
    }

    /**
     * Appends under the lock every event append of this directory takes, in any process, after
     * counting the task's events.
     */
    @Override
    public boolean appendEventIfCurrent(DeploymentEvent event, long expectedTaskEvents) {
        Objects.requireNonNull(event, "event");
        JsonText.check("details", event.details());
        return eventLock.locked(() -> {
            long current = events().stream().filter(e -> e.deployment().task().equals(event.deployment().task())).count();
            if (current != expectedTaskEvents) {
                return false;
            }
            log.append(events, out -> RecordCodec.writeEvent(out, event));
            log.awaitWritten();
            return true;
        });
    }

    @Override
    public List<DeploymentEvent> events() {
        log.awaitWritten();
        try (Stream<DeploymentEvent> s = RecordIterator.stream(events.segments(), root, RecordCodec::readEvent, skipped)) {
            return s.collect(Collectors.toUnmodifiableList());
        }
    }

    @Override
    public void appendVersion(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        log.append(versions, out -> RecordCodec.writeVersion(out, version));
    }

    @Override
    public List<ModelVersion> versions() {
        log.awaitWritten();
        try (Stream<ModelVersion> s = RecordIterator.stream(versions.segments(), root, RecordCodec::readVersion, skipped)) {
            return s.collect(Collectors.toUnmodifiableList());
        }
    }

    @Override
    public long version() {
        log.awaitWritten();
        long v = 1;
        for (SegmentedFile f : new SegmentedFile[] {events, versions}) {
            for (Path p : f.segments()) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    v = 31 * v + a.size();
                    v = 31 * v + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
                } catch (NoSuchFileException e) {
                    v = 31 * v;
                } catch (IOException e) {
                    throw new StoreException("reading " + p + " failed: " + e.getMessage(), e);
                }
            }
        }
        return v;
    }

    /** Returns what the writer did so far. */
    public StoreCounters counters() {
        return log.counters();
    }

    /** Writes what is queued, forces it to disk and stops the writer thread. */
    @Override
    public void close() {
        log.close();
    }
}
