/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * Where an {@link ImprovementLoop} is in its round, in the order of the seed's workflow.
 *
 * <pre>{@code
 * if (loop.status(TaskName.CARD_IDENTIFICATION).step() == LoopStep.ROLLOUT) { ... }
 * }</pre>
 *
 * @since 0.2
 */
public enum LoopStep {
    /** Collecting samples until the dataset is ready (or a retrain is due). */
    COLLECT,
    /** Exporting the training files (the held-out set is frozen first and never exported). */
    EXPORT,
    /** Uploading them to the fine-tuning provider. */
    UPLOAD,
    /** Creating the fine-tuning job. */
    TRAIN,
    /** Waiting for the job to finish. */
    WAIT,
    /** Evaluating the candidate against the model serving now, on the held-out set. */
    EVALUATE,
    /** The promotion gate: roll the candidate out, or reject it. */
    GATE,
    /** Rolling out in stages, watched by the sequential guardrail. */
    ROLLOUT,
    /** The candidate serves all traffic; watching for a reason to retrain. */
    MONITOR
}
