/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.List;
import java.util.Map;

/**
 * The seed's workflow run by itself, per task: collect until the dataset is ready, export, upload,
 * train, wait, evaluate the candidate against the model serving now on a frozen held-out set, pass
 * the promotion gate, roll out in stages (default 20% → 50% → 100%) watched by a sequential
 * guardrail, then monitor and retrain on a schedule, when the correction rate rises significantly,
 * or when a serving model nears its provider's shutdown date.
 *
 * <p>Every transition is written to the state store before it is acted on, so after a restart the
 * loop resumes at the same step and never trains or promotes twice; every decision lands in the
 * registry history with its numbers. One process runs a task's loop at a time: {@link #runOnce}
 * holds a lease in the state store, and another instance takes over when the lease expires.
 *
 * <pre>{@code
 * ImprovementLoop loop = slabMl.loop();
 * LoopStatus s = loop.runOnce(TaskName.CARD_IDENTIFICATION); // call it on a schedule
 * System.out.println(s.step() + ": " + s.waitingFor());
 * }</pre>
 *
 * @since 0.2
 */
public interface ImprovementLoop {

    /**
     * Returns where the loop is for a task, without acting.
     *
     * @param task the task
     * @return the loop status
     * @throws StoreException when the state cannot be read
     */
    LoopStatus status(TaskName task);

    /**
     * Takes the loop's steps for a task until it has to wait (for data, a job, traffic, time or an
     * approval), holding the runner lease meanwhile. Returns at once, unchanged, when another
     * instance holds the lease.
     *
     * @param task the task
     * @return the status afterwards
     * @throws SlabMlException when a step fails; the step is retried on the next call
     */
    LoopStatus runOnce(TaskName task);

    /**
     * Approves the step that waits for approval (a step configured as {@code manual}); the next
     * {@link #runOnce} takes it.
     *
     * @param task the task
     * @param step the step approved, which must be the one waiting
     * @param reason why, for the history
     * @return the status afterwards
     * @throws InvalidInputException naming {@code step} when that step is not waiting for approval
     */
    LoopStatus approve(TaskName task, LoopStep step, String reason);

    /**
     * Checks the task's rollout with the sequential guardrail now (rolling back a candidate shown
     * worse), without advancing anything else.
     *
     * @param task the task
     * @return what the guardrail found and did
     */
    GuardrailDecision checkRollout(TaskName task);

    /**
     * The frozen held-out evaluation set of a task: inputs and expected outputs that are never
     * exported for training. Frozen the first time the loop trains the task.
     *
     * @param task the task
     * @return the items (each with {@code input} and {@code output}), empty before it is frozen
     */
    List<Map<String, Object>> heldOutSet(TaskName task);
}
