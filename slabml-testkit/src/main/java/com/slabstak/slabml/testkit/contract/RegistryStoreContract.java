/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.RegistryStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RegistryStore} does: events and versions are kept oldest first and unchanged,
 * and {@link RegistryStore#version()} changes with every append.
 */
public abstract class RegistryStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");

    private RegistryStore store;

    /** Returns a new, empty store; the contract closes it after each test. */
    protected abstract RegistryStore createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    /** Returns the store under test. */
    protected final RegistryStore store() {
        return store;
    }

    protected static DeploymentEvent event(String action, int percent, int minute) {
        Deployment d = Deployment.builder().task(TaskName.CARD_IDENTIFICATION).baseModel("gpt-4o-mini-2024-07-18")
            .candidateModel("ft:gpt-4o-mini-2024-07-18:acme:cards:abc123").rolloutPercent(percent)
            .updatedAt(T0.plusSeconds(60L * minute)).build();
        return DeploymentEvent.builder().at(T0.plusSeconds(60L * minute)).action(action).deployment(d)
            .previousPercent(0).reason("accuracy +12 points").putDetail("p_value", "0.004").build();
    }

    protected static ModelVersion version(String model, int minute) {
        return ModelVersion.builder().task(TaskName.CARD_IDENTIFICATION).modelId(model)
            .baseModel("gpt-4o-mini-2024-07-18").jobId("ftjob-1").trainingFile("exports/train.jsonl")
            .createdAt(T0.plusSeconds(60L * minute)).putMetric("accuracy", 0.91).build();
    }

    @Test
    void events_emptyStore_isEmpty() {
        assertThat(store.events()).isEmpty();
        assertThat(store.versions()).isEmpty();
    }

    @Test
    void appendEvent_several_areReturnedOldestFirstUnchanged() {
        DeploymentEvent start = event("start", 20, 1);
        DeploymentEvent raise = event("set", 50, 2);
        store.appendEvent(start);
        store.appendEvent(raise);
        assertThat(store.events()).containsExactly(start, raise);
    }

    @Test
    void appendVersion_several_areReturnedOldestFirstUnchanged() {
        ModelVersion v1 = version("ft:a", 1);
        ModelVersion v2 = version("ft:b", 2);
        store.appendVersion(v1);
        store.appendVersion(v2);
        assertThat(store.versions()).containsExactly(v1, v2);
    }

    @Test
    void version_afterEachAppend_changes() {
        long v0 = store.version();
        store.appendEvent(event("start", 20, 1));
        long v1 = store.version();
        store.appendVersion(version("ft:a", 2));
        long v2 = store.version();
        assertThat(v1).isNotEqualTo(v0);
        assertThat(v2).isNotEqualTo(v1).isNotEqualTo(v0);
        assertThat(store.version()).isEqualTo(v2);
    }

    @Test
    void appendEventIfCurrent_expectedCount_appends() {
        store.appendEvent(event("start", 20, 1));
        DeploymentEvent raise = event("set", 50, 2);
        assertThat(store.appendEventIfCurrent(raise, 1)).isTrue();
        assertThat(store.events()).hasSize(2).last().isEqualTo(raise);
    }

    @Test
    void appendEventIfCurrent_staleCount_appendsNothing() {
        store.appendEvent(event("start", 20, 1));
        store.appendEvent(event("set", 50, 2));
        long before = store.version();
        assertThat(store.appendEventIfCurrent(event("promote", 100, 3), 1)).isFalse();
        assertThat(store.events()).hasSize(2);
        assertThat(store.version()).isEqualTo(before);
    }

    @Test
    void appendEventIfCurrent_countsOnlyTheEventsTask() {
        Deployment other = Deployment.builder().task(TaskName.LISTING_GENERATION).baseModel("gpt-4o-mini-2024-07-18")
            .build();
        store.appendEvent(DeploymentEvent.builder().at(T0).action("record").deployment(other).previousPercent(0)
            .reason("other task").build());
        assertThat(store.appendEventIfCurrent(event("start", 20, 1), 0)).isTrue();
    }

    @Test
    void appendEventIfCurrent_concurrentWritersOfOneCount_exactlyOneAppends() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            java.util.List<java.util.concurrent.Callable<Boolean>> writers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int minute = i;
                writers.add(() -> store.appendEventIfCurrent(event("start", 20, minute), 0));
            }
            long wins = 0;
            for (java.util.concurrent.Future<Boolean> f : pool.invokeAll(writers)) {
                wins += f.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.events()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
