/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Locale;
import java.util.Objects;

/**
 * The status of a fine-tuning job. An open value: providers return statuses beyond the documented
 * ones (OpenAI also answers {@code paused}), and an unknown status is kept, not rejected.
 */
public final class JobStatus {
    public static final JobStatus VALIDATING_FILES = new JobStatus("validating_files");
    public static final JobStatus QUEUED = new JobStatus("queued");
    public static final JobStatus RUNNING = new JobStatus("running");
    public static final JobStatus PAUSED = new JobStatus("paused");
    public static final JobStatus SUCCEEDED = new JobStatus("succeeded");
    public static final JobStatus FAILED = new JobStatus("failed");
    public static final JobStatus CANCELLED = new JobStatus("cancelled");

    private final String value;

    private JobStatus(String value) {
        this.value = value;
    }

    /** Returns the status for a provider's string, known or not. */
    public static JobStatus of(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (JobStatus known : new JobStatus[] {
            VALIDATING_FILES, QUEUED, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED}) {
            if (known.value.equals(v)) {
                return known;
            }
        }
        return new JobStatus(v);
    }

    /** Returns the status as the provider spells it. */
    public String value() {
        return value;
    }

    /** Returns whether the job will not change any more: succeeded, failed or cancelled. */
    public boolean isTerminal() {
        return this.equals(SUCCEEDED) || this.equals(FAILED) || this.equals(CANCELLED);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobStatus && ((JobStatus) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}