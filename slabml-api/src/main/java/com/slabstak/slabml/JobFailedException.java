/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * A fine-tuning job ended in {@code failed} or {@code cancelled}; carries the provider's reason.
 *
 * @since 0.1
 */
public class JobFailedException extends SlabMlException {
    private static final long serialVersionUID = 1L;

    private final FineTuningJob job;

    /**
     * Creates the exception.
     *
     * @param job the job
     */
    public JobFailedException(FineTuningJob job) {
        super("fine-tuning job " + job.id() + " " + job.status()
            + job.error().map(e -> ": " + e.code() + ": " + e.message()
                + e.paramName().map(p -> " (param " + p + ")").orElse("")).orElse(""));
        this.job = job;
    }

    /**
     * Returns the failed job.
     *
     * @return the job
     */
    public FineTuningJob job() {
        return job;
    }
}