/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.TaskName;
import java.util.Optional;

/**
 * What a {@link RolloutGuardrail} check found and did.
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 *
 * @param task the task checked
 * @param action what happened
 * @param baseModel the base model
 * @param candidateModel the candidate, or {@code null} when none is rolling out
 * @param baseCorrections corrections among base-arm predictions since the rollout started
 * @param candidateCorrections corrections among candidate-arm predictions since then
 * @param z the one-sided two-proportion z statistic (candidate worse is positive), {@code NaN} when not tested
 * @param pValue its p-value, {@code NaN} when not tested
 * @param alpha the guardrail's significance level
 * @param reason one sentence with the numbers
 */
public record GuardrailDecision(TaskName task, Action action, String baseModel, String candidateModel,
    Proportion baseCorrections, Proportion candidateCorrections, double z, double pValue, double alpha, String reason) {

    /** The outcome of a check. */
    public enum Action {
        /** No candidate is rolling out. */
        NO_ROLLOUT,
        /** An arm has fewer predictions than the minimum volume. */
        INSUFFICIENT_DATA,
        /** The candidate is not significantly worse: the rollout continues. */
        CONTINUE,
        /** The candidate was significantly worse and was rolled back. */
        ROLLED_BACK,
        /** The candidate is significantly worse; automatic rollback is off. */
        ROLLBACK_RECOMMENDED
    }

    /** Returns the candidate model, when one is rolling out. */
    public Optional<String> candidate() {
        return Optional.ofNullable(candidateModel);
    }
}
