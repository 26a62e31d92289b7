/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.spi.JobStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} does: one record per idempotency key (a save replaces it), found by
 * key and by job id, listed oldest first.
 */
public abstract class JobStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");

    private JobStore store;

    /** Returns a new, empty store; the contract closes it after each test. */
    protected abstract JobStore createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    /** Returns the store under test. */
    protected final JobStore store() {
        return store;
    }

    protected static TrackedJob pending(String key, int minute) {
        return TrackedJob.builder().idempotencyKey(key).model("gpt-4o-mini-2024-07-18").trainingFileId("file-" + key)
            .task(TaskName.CARD_IDENTIFICATION).createdAt(T0.plusSeconds(60L * minute))
            .updatedAt(T0.plusSeconds(60L * minute)).build();
    }

    @Test
    void save_pendingThenCreated_replacesByKeyAndIsFoundByJobId() {
        // given
        TrackedJob before = pending("k-1", 1);
        store.save(before);
        assertThat(store.findByIdempotencyKey("k-1")).hasValue(before);
        assertThat(store.findByJobId("ftjob-1")).isEmpty();
        // when
        TrackedJob created = before.toBuilder().jobId("ftjob-1").status(JobStatus.RUNNING)
            .updatedAt(T0.plusSeconds(600)).build();
        store.save(created);
        // then
        assertThat(store.findByIdempotencyKey("k-1")).hasValue(created);
        assertThat(store.findByJobId("ftjob-1")).hasValue(created);
        assertThat(store.list()).containsExactly(created);
    }

    @Test
    void list_severalJobs_oldestFirstWithUpdatesInPlace() {
        TrackedJob a = pending("k-a", 1);
        TrackedJob b = pending("k-b", 2);
        store.save(a);
        store.save(b);
        TrackedJob aDone = a.toBuilder().jobId("ftjob-a").status(JobStatus.SUCCEEDED)
            .fineTunedModel("ft:gpt-4o-mini-2024-07-18:acme:cards:a").updatedAt(T0.plusSeconds(3600)).build();
        store.save(aDone);
        assertThat(store.list()).containsExactly(aDone, b);
    }

    @Test
    void find_unknown_isEmpty() {
        assertThat(store.findByIdempotencyKey("nope")).isEmpty();
        assertThat(store.findByJobId("nope")).isEmpty();
        assertThat(store.list()).isEmpty();
    }
}
