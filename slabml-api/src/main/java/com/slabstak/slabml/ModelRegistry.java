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
 * {@code
 * ModelRegistry registry = slabMl.registry();
 * registry.startRollout(TaskName.CARD_IDENTIFICATION, "ft:base-model:org:card-id:abc", 20, "beat base");
 * registry.setRolloutPercent(TaskName.CARD_IDENTIFICATION, 50, "no regressions");
 * registry.promote(TaskName.CARD_IDENTIFICATION, "week at 50%");
 * }
 */
public interface ModelRegistry {

    /** Returns the task's current deployment. */
    Deployment deployment(TaskName task);

    /** Returns the deployments of every known task. */
    List<Deployment> deployments();

    /** Records a fine-tuned model SlabML produced. */
    ModelVersion register(ModelVersion version);

    /** Returns the task's registered models, oldest first. */
    List<ModelVersion> versions(TaskName task);

    /** Starts rolling out {@code candidateModel} to {@code percent}% of subjects. */
    Deployment startRollout(TaskName task, String candidateModel, int percent, String reason);

    /** Changes the candidate's rollout percentage (0-100). Raising it keeps every subject already in. */
    Deployment setRolloutPercent(TaskName task, int percent, String reason);

    /** Makes the candidate serve every request; the base model stays as the fallback. */
    Deployment promote(TaskName task, String reason);

    /** Removes the candidate: the base model serves everything again. */
    Deployment rollback(TaskName task, String reason);

    /** Returns the task's deployment changes, oldest first. */
    List<DeploymentEvent> history(TaskName task);
}