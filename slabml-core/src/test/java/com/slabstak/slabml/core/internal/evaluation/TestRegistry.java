/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.TaskName;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small in-memory registry with the API's semantics, for these tests. */
final class TestRegistry implements ModelRegistry {
    static final String BASE = "gpt-4o-mini-2024-07-18";
    private final Clock clock;
    private final Map<TaskName, Deployment> deployments = new LinkedHashMap<>();
    private final List<DeploymentEvent> events = new ArrayList<>();
    private final List<ModelVersion> versions = new ArrayList<>();

    TestRegistry(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Deployment deployment(TaskName task) {
        return deployments.computeIfAbsent(task, t -> Deployment.builder().task(t).baseModel(BASE).build());
    }

    @Override
    public synchronized List<Deployment> deployments() {
        return List.copyOf(deployments.values());
    }

    @Override
    public synchronized ModelVersion register(ModelVersion version) {
        versions.add(version);
        return version;
    }

    @Override
    public synchronized List<ModelVersion> versions(TaskName task) {
        return versions.stream().filter(v -> v.task().equals(task)).toList();
    }

    @Override
    public synchronized Deployment startRollout(TaskName task, String candidateModel, int percent, String reason) {
        return change(task, "start", deployment(task).toBuilder().candidateModel(candidateModel).rolloutPercent(percent), reason);
    }

    @Override
    public synchronized Deployment setRolloutPercent(TaskName task, int percent, String reason) {
        return change(task, "set", deployment(task).toBuilder().rolloutPercent(percent), reason);
    }

    @Override
    public synchronized Deployment promote(TaskName task, String reason) {
        return change(task, "promote", deployment(task).toBuilder().rolloutPercent(100), reason);
    }

    @Override
    public synchronized Deployment rollback(TaskName task, String reason) {
        return change(task, "rollback", deployment(task).toBuilder().candidateModel(null).rolloutPercent(0), reason);
    }

    private Deployment change(TaskName task, String action, Deployment.Builder next, String reason) {
        int previous = deployment(task).rolloutPercent();
        Deployment d = next.updatedAt(clock.instant()).build();
        deployments.put(task, d);
        events.add(DeploymentEvent.builder().at(clock.instant()).action(action).deployment(d).previousPercent(previous)
            .reason(reason).build());
        return d;
    }

    @Override
    public synchronized List<DeploymentEvent> history(TaskName task) {
        return events.stream().filter(e -> e.deployment().task().equals(task)).toList();
    }
}
