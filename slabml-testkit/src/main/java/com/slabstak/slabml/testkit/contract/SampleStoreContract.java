/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.SampleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SampleStore} does: samples come back per task in the order they were
 * appended, corrections included, values unchanged; a sample without id or time is refused and
 * nothing is stored; concurrent appends all land; a sample whose {@code appendAsync} future completed
 * reads back like an appended one.
 */
public abstract class SampleStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");

    private SampleStore store;

    /** Returns a new, empty store; the contract closes it after each test. */
    protected abstract SampleStore createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    /** Returns the store under test. */
    protected final SampleStore store() {
        return store;
    }

    /** A card identification sample with text values only, so any encoding keeps it equal. */
    protected static Sample cardSample(String id, int second) {
        return Sample.builder().id(id).task(TaskName.CARD_IDENTIFICATION).source(SampleSource.VALIDATED)
            .input(Map.of("ocr_text", "MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5 " + id))
            .output(Map.of("player", "Michael Jordan", "year", "1986-87", "brand", "Fleer", "card_number", "57",
                "grade", "9.5", "grading_company", "BGS", "rookie", true))
            .confidence(0.95).createdAt(T0.plusSeconds(second)).userId("user-1").build();
    }

    @Test
    void read_afterAppends_returnsTaskSamplesInAppendOrderUnchanged() {
        // given
        Sample a = cardSample("s-1", 1);
        Sample b = cardSample("s-2", 2);
        Sample listing = Sample.builder().id("s-3").task(TaskName.LISTING_GENERATION).source(SampleSource.MANUAL)
            .input(Map.of("platform", "ebay", "tone", "casual", "card", Map.of("player", "Tom Brady")))
            .output(Map.of("title", "2000 Playoff Contenders Tom Brady #144 PSA 10", "description", "Rookie ticket."))
            .confidence(1.0).createdAt(T0.plusSeconds(3)).build();
        // when
        store.append(a);
        store.append(listing);
        store.append(b);
        // then
        try (Stream<Sample> cards = store.read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(cards).containsExactly(a, b);
        }
        try (Stream<Sample> listings = store.read(TaskName.LISTING_GENERATION)) {
            assertThat(listings).containsExactly(listing);
        }
        assertThat(store.count(TaskName.CARD_IDENTIFICATION)).isEqualTo(2);
        assertThat(store.count(TaskName.of("unknown_task"))).isZero();
    }

    @Test
    void read_correction_isReturnedWithItsTaskOriginalAndChangedFields() {
        // given
        Sample correction = cardSample("c-1", 5).toBuilder().source(SampleSource.CORRECTION)
            .original(Map.of("player", "Michael Jordan", "year", "1986", "brand", "Flr"))
            .correctedFields(List.of("year", "brand")).userId("user-7").build();
        store.append(cardSample("s-1", 1));
        // when
        store.append(correction);
        // then
        try (Stream<Sample> cards = store.read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(cards).contains(correction).hasSize(2);
        }
        try (Stream<Sample> listings = store.read(TaskName.LISTING_GENERATION)) {
            assertThat(listings).isEmpty();
        }
    }

    @Test
    void append_withoutId_throwsNamingIdAndStoresNothing() {
        Sample noId = cardSample("x", 1).toBuilder().id(null).build();
        assertThatThrownBy(() -> store.append(noId)).isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.field()).hasValue("id"));
        assertThatThrownBy(() -> store.appendAsync(noId)).isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.field()).hasValue("id"));
        assertThat(store.count(TaskName.CARD_IDENTIFICATION)).isZero();
    }

    @Test
    void append_withoutTime_throwsNamingCreatedAtAndStoresNothing() {
        Sample noTime = cardSample("x", 1).toBuilder().createdAt(null).build();
        assertThatThrownBy(() -> store.append(noTime)).isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.field()).hasValue("created_at"));
        assertThat(store.count(TaskName.CARD_IDENTIFICATION)).isZero();
    }

    @Test
    void read_twice_returnsTheSameSamples() {
        store.append(cardSample("s-1", 1));
        List<Sample> first;
        try (Stream<Sample> s = store.read(TaskName.CARD_IDENTIFICATION)) {
            first = s.toList();
        }
        try (Stream<Sample> s = store.read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(s.toList()).isEqualTo(first);
        }
    }

    @Test
    void append_fromSeveralThreads_storesEverySampleOnce() throws Exception {
        // given
        int threads = 4;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    store.append(cardSample("t" + thread + "-" + i, i));
                }
                return null;
            });
        }
        // when
        try {
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        // then
        try (Stream<Sample> s = store.read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(s.map(x -> x.id().orElseThrow()).distinct().count()).isEqualTo((long) threads * perThread);
        }
        assertThat(store.count(TaskName.CARD_IDENTIFICATION)).isEqualTo((long) threads * perThread);
    }

    @Test
    void appendAsync_acknowledged_isReadBackInAppendOrder() throws Exception {
        // given
        Sample a = cardSample("s-1", 1);
        Sample b = cardSample("s-2", 2);
        // when
        CompletableFuture<Void> first = store.appendAsync(a);
        store.appendAsync(b).get(30, TimeUnit.SECONDS);
        first.get(30, TimeUnit.SECONDS);
        // then
        try (Stream<Sample> cards = store.read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(cards).containsExactly(a, b);
        }
    }
}
