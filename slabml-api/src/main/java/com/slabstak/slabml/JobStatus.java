/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Locale;
import java.util.Objects;

/**
 * The status of a fine-tuning job. An open value: providers return statuses beyond the documented
 * ones (OpenAI also answers {@code paused}), and an unknown status is kept, not rejected. A status
 * is trimmed and lower-cased, so {@code JobStatus.of("Running")} equals {@link #RUNNING}.
 *
 * @param value the status as the provider spells it, lower-case
 * @since 0.1
 */
public record JobStatus(String value) {
    /** The provider checks the training files. */
    public static final JobStatus VALIDATING_FILES = new JobStatus("validating_files");
    /** The job waits for capacity. */
    public static final JobStatus QUEUED = new JobStatus("queued");
    /** The job trains. */
    public static final JobStatus RUNNING = new JobStatus("running");
    /** The provider paused the job. */
    public static final JobStatus PAUSED = new JobStatus("paused");
    /** The job finished and produced a model. */
    public static final JobStatus SUCCEEDED = new JobStatus("succeeded");
    /** The job stopped with an error. */
    public static final JobStatus FAILED = new JobStatus("failed");
    /** The job was cancelled. */
    public static final JobStatus CANCELLED = new JobStatus("cancelled");

    /**
     * Normalises the status.
     *
     * @throws NullPointerException if the value is null
     * @param value the status as the provider spells it, lower-case
     */
    public JobStatus {
        value = Objects.requireNonNull(value, "value").trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the status for a provider's string, known or not.
     *
     * @param value the provider's status
     * @return the status
     */
    public static JobStatus of(String value) {
        return new JobStatus(value);
    }

    /**
     * Returns whether the job will not change any more: succeeded, failed or cancelled.
     *
     * @return {@code true} for a terminal status
     */
    public boolean isTerminal() {
        return this.equals(SUCCEEDED) || this.equals(FAILED) || this.equals(CANCELLED);
    }

    /**
     * Returns the status as the provider spells it.
     *
     * @return the value
     */
    @Override
    public String toString() {
        return value;
    }
}
