/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.List;

/**
 * Which model serves each task, at what rollout percentage, and how that came to be: every
 * fine-tuned model SlabML produced, and every rollout change with its time and reason. Changes
 * are visible to running instances that share the store, without a restart.
 *
 * <pre>{@code
 * ModelRegistry registry = slabMl.registry();
 * registry.startRollout(TaskName.CARD_IDENTIFICATION, "ft:base-model:org:card-id:abc", 20, "beat base");
 * registry.setRolloutPercent(TaskName.CARD_IDENTIFICATION, 50, "no regressions");
 * registry.promote(TaskName.CARD_IDENTIFICATION, "week at 50%");
 * }</pre>
 *
 * @since 0.1
 */
public interface ModelRegistry {

    /**
     * Returns the task's current deployment.
     *
     * @param task the task
     * @return the task's current deployment
     */
    Deployment deployment(TaskName task);

    /**
     * Returns the deployments of every known task.
     *
     * @return the deployments of every known task
     */
    List<Deployment> deployments();

    /**
     * Records a fine-tuned model SlabML produced.
     *
     * @param version the version
     * @return the model version
     */
    ModelVersion register(ModelVersion version);

    /**
     * Returns the task's registered models, oldest first.
     *
     * @param task the task
     * @return the task's registered models, oldest first
     */
    List<ModelVersion> versions(TaskName task);

    /**
     * Starts rolling out {@code candidateModel} to {@code percent}% of subjects.
     *
     * @param task the task
     * @param candidateModel the candidate model
     * @param percent the percent
     * @param reason the reason
     * @return the deployment
     */
    Deployment startRollout(TaskName task, String candidateModel, int percent, String reason);

    /**
     * Changes the candidate's rollout percentage (0-100). Raising it keeps every subject already in.
     *
     * @param task the task
     * @param percent the percent
     * @param reason the reason
     * @return the deployment
     */
    Deployment setRolloutPercent(TaskName task, int percent, String reason);

    /**
     * Makes the candidate serve every request; the base model stays as the fallback.
     *
     * @param task the task
     * @param reason the reason
     * @return the deployment
     */
    Deployment promote(TaskName task, String reason);

    /**
     * Removes the candidate: the base model serves everything again.
     *
     * @param task the task
     * @param reason the reason
     * @return the deployment
     */
    Deployment rollback(TaskName task, String reason);

    /**
     * Returns the task's deployment changes, oldest first.
     *
     * @param task the task
     * @return the task's deployment changes, oldest first
     */
    List<DeploymentEvent> history(TaskName task);
}