/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * Hears how far a long operation (an export, a file check) has come, for a progress bar. Called on
 * the thread doing the work, at most every few thousand items or every megabyte, and once more when
 * a step ends; a listener must return quickly and not throw.
 *
 * {@code
 * exporter.validate(file, model, (step, done, total) -> System.err.printf("%s %d/%d%n", step, done, total));
 * }
 */
@FunctionalInterface
public interface ProgressListener {
    /** Hears nothing. */
    ProgressListener NONE = (step, done, total) -> { };

    /**
     * Reports progress within one step. Within a step {@code done} never decreases; a new step
     * starts again from 0.
     *
     * @param step what is being done: {@code read} (samples read, total unknown), {@code write}
     *     (samples written) or {@code check} (bytes of JSONL checked)
     * @param done how much of the step is done
     * @param total how much the step has in all, or 0 when that is not known
     */
    void progress(String step, long done, long total);
}
