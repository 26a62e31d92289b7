/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SkippedLine;
import com.slabstak.slabml.TaskName;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Where samples are kept. Appends are atomic per sample; reads stream and must be closed.
 *
 * @since 0.1
 */
public interface SampleStore extends AutoCloseable {
    /**
     * Stores a sample that has its id and time set. Returns once the store acknowledged it.
     *
     * @param sample the sample
     */
    void append(Sample sample);

    /**
     * Stores a sample without making the caller wait for the acknowledgement: returns once the store
     * accepted the sample, with a future that completes when the store acknowledges it, with the same
     * guarantee {@link #append} gives when it returns (for a store that forces to disk: once the sample
     * is on disk). A service that answers its client when the future completes keeps that guarantee
     * without holding a thread per waiting sample.
     *
     * <p>Refusals are thrown and leave nothing stored: bad input, a full queue (after waiting, for a
     * store configured to block), a closed store. A
     * sample that was accepted but could not be written completes the future exceptionally with a
     * {@link com.slabstak.slabml.StoreException}. Dependent actions attached before completion run on
     * the thread that completes the future; an implementation that completes it on its own threads
     * must not let them stall its writes (the file store uses dedicated acknowledgement threads).
     *
     * <p>The default calls {@link #append} and returns a completed future, so its write failures are
     * thrown; stores that queue writes override it.
     *
     * @param sample the sample
     * @return a future of the void
     */
    default CompletableFuture<Void> appendAsync(Sample sample) {
        append(sample);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Streams one task's samples in the order they were appended. Close the stream.
     *
     * @param task the task
     * @return the stream
     */
    Stream<Sample> read(TaskName task);

    /**
     * Returns the number of samples of a task.
     *
     * @param task the task
     * @return the number of samples of a task
     */
    default long count(TaskName task) {
        try (Stream<Sample> s = read(task)) {
            return s.count();
        }
    }

    /**
     * Returns the stored lines that reads so far skipped because they could not be decoded (each
     * once, however often it was read), at most the first 1,000; a reader never lets one bad line
     * stop the rest. The default, for stores that cannot hold an unreadable record, is empty.
     *
     * <pre>{@code
     * store.skippedLines().forEach(s -> log.warn("skipped {}", s));
     * }</pre>
     *
     * @return the skipped lines, oldest first
     * @since 0.2
     */
    default List<SkippedLine> skippedLines() {
        return List.of();
    }

    @Override
    default void close() {
    }
}