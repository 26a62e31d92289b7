/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import java.util.stream.Stream;

/**
 * Where samples are kept. Appends are atomic per sample; reads stream and must be closed.
 */
public interface SampleStore extends AutoCloseable {
    /** Stores a sample that has its id and time set. Returns once the store acknowledged it. */
    void append(Sample sample);

    /** Streams one task's samples in the order they were appended. Close the stream. */
    Stream<Sample> read(TaskName task);

    /** Returns the number of samples of a task. */
    default long count(TaskName task) {
        try (Stream<Sample> s = read(task)) {
            return s.count();
        }
    }

    @Override
    default void close() {
    }
}