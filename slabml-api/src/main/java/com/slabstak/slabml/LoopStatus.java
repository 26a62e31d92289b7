/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an {@link ImprovementLoop} is for one task, what it waits for, and its latest decisions.
 *
 * <pre>{@code
 * LoopStatus s = slabMl.loop().status(TaskName.CARD_IDENTIFICATION);
 * System.out.println(s.step() + ": " + s.waitingFor());
 * }</pre>
 *
 * @param task the task
 * @param round the round (0 before the first training)
 * @param step the current step
 * @param candidateModel the model being trained, evaluated or rolled out, or {@code null}
 * @param jobId the fine-tuning job of this round, or {@code null}
 * @param stage the rollout stage index (0 for the first stage), or -1 outside a rollout
 * @param waitingFor what the loop waits for before its next step, in one sentence
 * @param awaitingApproval whether the next step is manual and waits for {@link ImprovementLoop#approve}
 * @param heldOutVersion the version of the frozen held-out set, 0 before it is frozen
 * @param updatedAt when the state last changed
 * @param decisions the latest decisions, oldest first
 * @since 0.2
 */
public record LoopStatus(TaskName task, int round, LoopStep step, String candidateModel, String jobId, int stage,
    String waitingFor, boolean awaitingApproval, int heldOutVersion, Instant updatedAt, List<LoopDecision> decisions) {

    /**
     * Checks and copies the parts.
     *
     * @throws NullPointerException when a required part is missing
     * @param task the task
     * @param round the round (0 before the first training)
     * @param step the current step
     * @param candidateModel the model being trained, evaluated or rolled out, or {@code null}
     * @param jobId the fine-tuning job of this round, or {@code null}
     * @param stage the rollout stage index (0 for the first stage), or -1 outside a rollout
     * @param waitingFor what the loop waits for before its next step, in one sentence
     * @param awaitingApproval whether the next step is manual and waits for {@link ImprovementLoop#approve}
     * @param heldOutVersion the version of the frozen held-out set, 0 before it is frozen
     * @param updatedAt when the state last changed
     * @param decisions the latest decisions, oldest first
     */
    public LoopStatus {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(waitingFor, "waitingFor");
        Objects.requireNonNull(updatedAt, "updatedAt");
        decisions = List.copyOf(decisions);
    }

    /**
     * The candidate of this round.
     *
     * @return the candidate model, when there is one
     */
    public Optional<String> candidate() {
        return Optional.ofNullable(candidateModel);
    }

    /**
     * The last decision.
     *
     * @return the latest decision, when there is one
     */
    public Optional<LoopDecision> lastDecision() {
        return decisions.isEmpty() ? Optional.empty() : Optional.of(decisions.get(decisions.size() - 1));
    }
}
