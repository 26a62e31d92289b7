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
import com.slabstak.slabml.spi.MonthAggregate;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProductionLogStore} does: records are grouped by the UTC month of their
 * timestamp, read back per month in append order and unchanged (the correction judgement
 * included), months listed oldest first; a record without id or timestamp is refused. A store that
 * offers a {@link ProductionLogStore#aggregator()} computes from a month exactly what the records
 * read back give: counts, sums, per-field correction counts, and nearest-rank latency percentiles
 * within the error bound it states. {@link ProductionLogStore#readAfter} pages through a month in
 * the order {@code read} returns it, each record once, and refuses a position or a limit it cannot
 * use; a store may hold records back a moment while concurrent writes settle, so a reader that
 * has not had them all yet asks again.
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
    void read_judgedAndUnjudgedRecords_keepTheJudgement() {
        ProductionRecord corrected = record("p-1", "2026-01-02T10:00:00Z").toBuilder()
            .correctedFields(List.of("year")).build();
        ProductionRecord clean = record("p-2", "2026-01-02T10:01:00Z").toBuilder().correction(Map.of())
            .correctedFields(List.of()).build();
        ProductionRecord unjudged = record("p-3", "2026-01-02T10:02:00Z");

        store.append(corrected);
        store.append(clean);
        store.append(unjudged);

        try (Stream<ProductionRecord> january = store.read(YearMonth.of(2026, 1))) {
            List<ProductionRecord> read = january.collect(Collectors.toList());
            assertThat(read).containsExactly(corrected, clean, unjudged);
            assertThat(read.get(0).correctedFields()).contains(List.of("year"));
            assertThat(read.get(1).correctedFields()).contains(List.of());
            assertThat(read.get(2).correctedFields()).isEmpty();
        }
    }

    @Test
    void aggregator_whenOffered_agreesWithTheRecordsReadBack() {
        Optional<com.slabstak.slabml.spi.MonthAggregator> aggregator = store.aggregator();
        Assumptions.assumeTrue(aggregator.isPresent(), "the store offers no aggregator");
        String[] models = {"base-model", "tuned-model"};
        Arm[] arms = Arm.values();
        for (int i = 0; i < 90; i++) {
            ProductionRecord.Builder b = record("a-" + i, "2026-03-01T00:00:00Z").toBuilder()
                .timestamp(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(i * 60L))
                .modelId(models[i % 2]).arm(arms[i % 3])
                .rating(i % 4 == 0 ? 1 + i % 5 : null)
                .latencyMillis(i % 7 == 0 ? null : (long) (i * 97 % 3_000))
                .usage(i % 5 == 0 ? null : new TokenUsage(100 + i, i % 30));
            if (i % 3 == 0) {
                b.correctedFields(i % 2 == 0 ? List.of("year") : List.of("year", "player"));
            } else {
                b.correction(Map.of()).correctedFields(List.of());
            }
            store.append(b.build());
        }
        store.append(record("other-month", "2026-04-01T00:00:00Z"));

        MonthAggregate aggregate = aggregator.get().aggregate(YearMonth.of(2026, 3));

        List<ProductionRecord> records;
        try (Stream<ProductionRecord> march = store.read(YearMonth.of(2026, 3))) {
            records = march.collect(Collectors.toList());
        }
        assertThat(aggregate.month()).isEqualTo(YearMonth.of(2026, 3));
        assertThat(aggregate.skippedRecords()).isZero();
        Map<String, MonthAggregate.Group> groups = new TreeMap<>();
        aggregate.groups().forEach(g -> groups.put(g.model() + "|" + g.arm(), g));
        Map<String, List<ProductionRecord>> expected = new TreeMap<>();
        for (ProductionRecord r : records) {
            expected.computeIfAbsent(r.modelId() + "|" + r.arm(), k -> new ArrayList<>()).add(r);
            expected.computeIfAbsent(r.modelId() + "|null", k -> new ArrayList<>()).add(r);
        }
        assertThat(groups.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, rs) -> assertGroup(key, groups.get(key), rs));
    }

    private static void assertGroup(String key, MonthAggregate.Group g, List<ProductionRecord> rs) {
        Map<String, Long> fields = new TreeMap<>();
        rs.forEach(r -> r.correctedFields().orElseThrow().forEach(f -> fields.merge(f, 1L, Long::sum)));
        long[] latencies = rs.stream().filter(r -> r.latencyMillis().isPresent())
            .mapToLong(r -> r.latencyMillis().getAsLong()).sorted().toArray();
        assertThat(g.records()).as(key + " records").isEqualTo(rs.size());
        assertThat(g.corrected()).as(key + " corrected").isEqualTo(rs.stream().filter(ProductionRecord::isCorrected).count());
        assertThat(g.correctedFields()).as(key + " fields").isEqualTo(fields);
        assertThat(g.ratings()).as(key + " ratings").isEqualTo(rs.stream().filter(r -> r.rating().isPresent()).count());
        assertThat(g.ratingSum()).as(key + " rating sum")
            .isEqualTo(rs.stream().mapToLong(r -> r.rating().orElse(0)).sum());
        assertThat(g.promptTokens()).as(key + " prompt tokens")
            .isEqualTo(rs.stream().mapToLong(r -> r.usage().map(TokenUsage::promptTokens).orElse(0L)).sum());
        assertThat(g.completionTokens()).as(key + " completion tokens")
            .isEqualTo(rs.stream().mapToLong(r -> r.usage().map(TokenUsage::completionTokens).orElse(0L)).sum());
        MonthAggregate.Latency l = g.latency();
        assertThat(l.count()).as(key + " latencies").isEqualTo(latencies.length);
        long[] actual = {l.p50(), l.p90(), l.p95(), l.p99()};
        int[] percents = {50, 90, 95, 99};
        for (int i = 0; i < percents.length; i++) {
            long exact = latencies[(int) Math.max(1, Math.ceil(percents[i] / 100.0 * latencies.length)) - 1];
            assertThat(Math.abs(actual[i] - exact)).as(key + " p" + percents[i]).isLessThanOrEqualTo(l.errorMillis());
        }
    }

    @Test
    void readAfter_smallPages_returnTheMonthsRecordsInReadOrderEachOnce() {
        // given: 23 records of March, between records of February and April
        YearMonth march = YearMonth.of(2026, 3);
        for (int i = 0; i < 23; i++) {
            store.append(record("m-" + i, "2026-03-01T00:00:00Z").toBuilder()
                .timestamp(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(i * 3_600L)).build());
            if (i % 5 == 0) {
                store.append(record("f-" + i, "2026-02-28T23:59:59Z"));
                store.append(record("a-" + i, "2026-04-01T00:00:00Z"));
            }
        }
        List<ProductionRecord> expected;
        try (Stream<ProductionRecord> all = store.read(march)) {
            expected = all.collect(Collectors.toList());
        }
        // when
        ProductionLogStore.Page paged = follow(march, ProductionLogStore.START, 4, expected.size());
        // then
        assertThat(paged.records()).containsExactlyElementsOf(expected);
        assertThat(paged.records()).extracting(r -> r.id().orElseThrow())
            .hasSize(23).doesNotHaveDuplicates().allMatch(id -> id.startsWith("m-"));
    }

    @Test
    void readAfter_atTheEnd_returnsNoRecordAndTheSamePositionThenWhatIsAppended() {
        // given: a reader that has read the month
        YearMonth january = YearMonth.of(2026, 1);
        store.append(record("p-1", "2026-01-02T10:00:00Z"));
        store.append(record("p-2", "2026-01-02T10:01:00Z"));
        String position = follow(january, ProductionLogStore.START, 10, 2).position();
        // when
        ProductionLogStore.Page atEnd = store.readAfter(january, position, 10);
        store.append(record("p-3", "2026-01-02T10:02:00Z"));
        store.append(record("other-month", "2026-02-02T10:02:00Z"));
        ProductionLogStore.Page next = follow(january, position, 10, 1);
        // then
        assertThat(atEnd.records()).isEmpty();
        assertThat(atEnd.position()).isEqualTo(position);
        assertThat(next.records()).extracting(r -> r.id().orElseThrow()).containsExactly("p-3");
    }

    @Test
    void readAfter_monthWithoutRecords_returnsNoRecordAndAPositionBeforeItsFirst() {
        // given
        YearMonth march = YearMonth.of(2026, 3);
        store.append(record("p-1", "2026-01-02T10:00:00Z"));
        // when
        ProductionLogStore.Page empty = store.readAfter(march, ProductionLogStore.START, 10);
        store.append(record("p-2", "2026-03-02T10:00:00Z"));
        // then
        assertThat(empty.records()).isEmpty();
        assertThat(follow(march, empty.position(), 10, 1).records()).extracting(r -> r.id().orElseThrow())
            .containsExactly("p-2");
    }

    @Test
    void readAfter_positionNotOfTheStore_throwsNamingThePosition() {
        store.append(record("p-1", "2026-01-02T10:00:00Z"));
        for (String position : List.of("seventeen", "-1", "1:2:3:4:5", " ")) {
            assertThatThrownBy(() -> store.readAfter(YearMonth.of(2026, 1), position, 10))
                .as(position)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).hasValue("position"));
        }
    }

    @Test
    void readAfter_limitBelowOne_throwsNamingTheLimit() {
        store.append(record("p-1", "2026-01-02T10:00:00Z"));
        for (int limit : new int[] {0, -1}) {
            assertThatThrownBy(() -> store.readAfter(YearMonth.of(2026, 1), ProductionLogStore.START, limit))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).hasValue("limit"));
        }
    }

    /**
     * Follows a month from a position, {@code limit} records a page, until it has read
     * {@code expected} records and then met an empty page, or it has read more than
     * {@code expected}. An empty page before then is asked again a moment later, a
     * bounded number of times: a store may hold records back while concurrent writes settle.
     *
     * @param month the month
     * @param from the position to start after
     * @param limit the most records a page may have
     * @param expected how many records the month has after {@code from}
     * @return every record read, and the position after them
     */
    protected final ProductionLogStore.Page follow(YearMonth month, String from, int limit, int expected) {
        List<ProductionRecord> read = new ArrayList<>();
        String position = from;
        int retries = 0;
        while (read.size() <= expected) {
            ProductionLogStore.Page page = store.readAfter(month, position, limit);
            assertThat(page.records()).hasSizeLessThanOrEqualTo(limit);
            if (page.records().isEmpty()) {
                if (read.size() == expected || ++retries > 100) {
                    break;
                }
                pause();
            }
            read.addAll(page.records());
            position = page.position();
        }
        return new ProductionLogStore.Page(read, position);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the log", e);
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
