/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;
import java.util.Optional;

/**
 * What one check of a rollout found and did. The check compares the candidate arm's correction
 * rate with the base arm's over the production records since the rollout began, with an
 * anytime-valid confidence sequence on the difference (candidate minus base), so the rollout can be
 * checked after every record without raising the false rollback rate above {@code alpha}.
 *
 * <pre>{@code
 * GuardrailDecision d = slabMl.loop().checkRollout(TaskName.CARD_IDENTIFICATION);
 * if (d.action() == GuardrailDecision.Action.ROLLED_BACK) {
 *     log.warn(d.reason());
 * }
 * }</pre>
 *
 * @param task the task checked
 * @param action what the check found, and did
 * @param baseModel the base model
 * @param candidateModel the candidate, or {@code null} when none is rolling out
 * @param baseCorrections corrected among base-arm predictions since the rollout began
 * @param candidateCorrections corrected among candidate-arm predictions since then
 * @param differenceLower lower bound of the confidence sequence on candidate minus base correction
 *     rate, {@code NaN} when not computed
 * @param differenceUpper its upper bound, {@code NaN} when not computed
 * @param alpha the error level of the sequence
 * @param margin the non-inferiority margin (a share: 0.02 is two points)
 * @param recordsRead production records this check read (it reads only what is new since the last)
 * @param reason one sentence with the numbers
 * @since 0.2
 */
public record GuardrailDecision(TaskName task, Action action, String baseModel, String candidateModel,
    Proportion baseCorrections, Proportion candidateCorrections, double differenceLower, double differenceUpper,
    double alpha, double margin, long recordsRead, String reason) {

    /**
     * Checks the parts.
     *
     * @throws NullPointerException when a required part is missing
     * @param task the task checked
     * @param action what the check found, and did
     * @param baseModel the base model
     * @param candidateModel the candidate, or {@code null} when none is rolling out
     * @param baseCorrections corrected among base-arm predictions since the rollout began
     * @param candidateCorrections corrected among candidate-arm predictions since then
     * @param differenceLower lower bound of the confidence sequence on candidate minus base correction
     * @param differenceUpper its upper bound, {@code NaN} when not computed
     * @param alpha the error level of the sequence
     * @param margin the non-inferiority margin (a share: 0.02 is two points)
     * @param recordsRead production records this check read (it reads only what is new since the last)
     * @param reason one sentence with the numbers
     */
    public GuardrailDecision {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(baseCorrections, "baseCorrections");
        Objects.requireNonNull(candidateCorrections, "candidateCorrections");
        Objects.requireNonNull(reason, "reason");
    }

    /** The outcome of a check. */
    public enum Action {
        /** No candidate is rolling out. */
        NO_ROLLOUT,
        /** An arm has fewer predictions than the minimum volume. */
        INSUFFICIENT_DATA,
        /** Not yet shown worse, nor within the margin: the rollout stays where it is. */
        CONTINUE,
        /** Shown not worse than the base by more than the margin: the stage may advance. */
        NON_INFERIOR,
        /** Shown worse than the base, and rolled back. */
        ROLLED_BACK,
        /** Shown worse than the base; automatic rollback is off. */
        ROLLBACK_RECOMMENDED,
        /** The candidate arm's share of traffic differs from the configured percentage: rolled back. */
        SAMPLE_RATIO_MISMATCH
    }

    /**
     * Returns the candidate model, when one is rolling out.
     *
     * @return the candidate
     */
    public Optional<String> candidate() {
        return Optional.ofNullable(candidateModel);
    }

    /**
     * Whether the check took the candidate out of service.
     *
     * @return true after a rollback or a sample-ratio halt
     */
    public boolean stopped() {
        return action == Action.ROLLED_BACK || action == Action.SAMPLE_RATIO_MISMATCH;
    }
}
