/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProductionLogStore} does: records are grouped by the UTC month of their
 * timestamp, read back per month in append order and unchanged, months listed oldest first; a
 * record without id or timestamp is refused.
 */
public abstract class ProductionLogStoreContract {
    private ProductionLogStore store;

    /** Returns a new, empty store; the contract closes it after each test. */
    protected abstract ProductionLogStore createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    /** Returns the store under test. */
    protected final ProductionLogStore store() {
        return store;
    }

    protected static ProductionRecord record(String id, String timestamp) {
        return ProductionRecord.builder().id(id).timestamp(Instant.parse(timestamp)).task(TaskName.CARD_IDENTIFICATION)
            .modelId("ft:gpt-4o-mini-2024-07-18:acme:cards:abc123").arm(Arm.CANDIDATE)
            .prediction(Map.of("player", "Michael Jordan", "year", "1986"))
            .correction(Map.of("player", "Michael Jordan", "year", "1986-87"))
            .rating(4).latencyMillis(420L).usage(new TokenUsage(310, 42)).subject("user-3").build();
    }

    @Test
    void read_recordsInTwoMonths_groupsByUtcMonthInAppendOrder() {
        // given
        ProductionRecord jan1 = record("p-1", "2026-01-31T23:59:59Z");
        ProductionRecord feb = record("p-2", "2026-02-01T00:00:00Z");
        ProductionRecord jan2 = record("p-3", "2026-01-02T10:00:00Z");
        // when
        store.append(jan1);
        store.append(feb);
        store.append(jan2);
        // then
        assertThat(store.months()).containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2));
        try (Stream<ProductionRecord> january = store.read(YearMonth.of(2026, 1))) {
            assertThat(january).containsExactly(jan1, jan2);
        }
        try (Stream<ProductionRecord> february = store.read(YearMonth.of(2026, 2))) {
            assertThat(february).containsExactly(feb);
        }
        try (Stream<ProductionRecord> march = store.read(YearMonth.of(2026, 3))) {
            assertThat(march).isEmpty();
        }
    }

    @Test
    void months_emptyStore_isEmpty() {
        assertThat(store.months()).isEmpty();
    }

    @Test
    void append_withoutTimestamp_throwsNamingTimestamp() {
        ProductionRecord r = record("p-1", "2026-01-02T10:00:00Z").toBuilder().timestamp(null).build();
        assertThatThrownBy(() -> store.append(r)).isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.field()).hasValue("timestamp"));
        assertThat(store.months()).isEmpty();
    }

    @Test
    void append_withoutId_throwsNamingId() {
        ProductionRecord r = record("p-1", "2026-01-02T10:00:00Z").toBuilder().id(null).build();
        assertThatThrownBy(() -> store.append(r)).isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.field()).hasValue("id"));
        assertThat(store.months()).isEmpty();
    }
}
