/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * Sees a fine-tuning job's progress while {@link FineTuningManager#waitForCompletion} polls. Both
 * methods default to doing nothing.
 *
 * <pre>{@code
 * JobListener progress = new JobListener() {
 *     public void onEvent(FineTuningJob job, JobEvent event) { System.out.println(event.message()); }
 * };
 * }</pre>
 *
 * @since 0.1
 */
public interface JobListener {
    /** A listener that ignores everything. */
    JobListener NONE = new JobListener() { };

    /**
     * Called with the job each time its status changes, and once at the start.
     *
     * @param job the job
     */
    default void onStatus(FineTuningJob job) {
    }

    /**
     * Called once for every new event, oldest first.
     *
     * @param job the job
     * @param event the event
     */
    default void onEvent(FineTuningJob job, JobEvent event) {
    }
}