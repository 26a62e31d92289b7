/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static com.slabstak.slabml.core.internal.store.StoreTesting.CLOCK;
import static com.slabstak.slabml.core.internal.store.StoreTesting.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.spi.WhenFull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outcome contract of a failed write, through the channel seam: a write that failed left
 * nothing ({@code NOT_WRITTEN}); a failed force may have stored it ({@code UNKNOWN}); a retry with
 * the same id stores the sample exactly once.
 */
class WriteOutcomeTest {
    @TempDir
    Path dir;

    private final FaultyChannels channels = new FaultyChannels();

    private FileSampleStore store(Durability durability) {
        LogSettings settings = new LogSettings(durability, 1024, WhenFull.BLOCK, Duration.ofSeconds(10), 256,
            LogSettings.DEFAULT_MAX_FILE_BYTES, Duration.ofMillis(1), 2).withChannels(channels);
        return new FileSampleStore(dir, settings, CLOCK);
    }

    private static List<String> ids(FileSampleStore store) {
        try (Stream<Sample> s = store.read(TaskName.CARD_IDENTIFICATION)) {
            return s.map(x -> x.id().orElseThrow()).collect(Collectors.toList());
        }
    }

    private static StoreException.Outcome outcomeOf(Throwable t) {
        Throwable f = t instanceof CompletionException ? t.getCause() : t;
        assertThat(f).isInstanceOf(StoreException.class);
        return ((StoreException) f).outcome();
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"BATCH", "SYNC"})
    void append_writeFailsHalfWay_notWrittenLeavesNoTraceAndRetryStoresOnce(Durability durability) {
        try (FileSampleStore store = store(durability)) {
            store.append(sample("before"));
            channels.failWrites.set(1);

            assertThatThrownBy(() -> store.append(sample("s1")))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(StoreException.Outcome.NOT_WRITTEN);
                    assertThat(e).hasMessageContaining("No space left on device");
                });
            assertThat(ids(store)).containsExactly("before");

            store.append(sample("s1"));
            store.append(sample("after"));
            assertThat(ids(store)).containsExactly("before", "s1", "after");
            assertThat(store.counters().failed()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"BATCH", "SYNC"})
    void append_forceFails_outcomeUnknownAndRetryWithTheSameIdStoresItOnce(Durability durability) {
        try (FileSampleStore store = store(durability)) {
            channels.failForces.set(1);

            assertThatThrownBy(() -> store.append(sample("s1")))
                .isInstanceOfSatisfying(StoreException.class,
                    e -> assertThat(e.outcome()).isEqualTo(StoreException.Outcome.UNKNOWN));

            store.append(sample("s1"));
            store.append(sample("s1"));
            assertThat(ids(store)).containsExactly("s1");
        }
        try (FileSampleStore reopened = store(durability)) {
            reopened.append(sample("s1"));
            assertThat(ids(reopened)).containsExactly("s1");
        }
    }

    @Test
    void appendAsync_writesFailUnderBatch_everyFailedFutureIsNotWrittenAndAbsentAndEveryAcknowledgedOnePresent() {
        try (FileSampleStore store = store(Durability.BATCH)) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                if (i == 200 || i == 400) {
                    // Each phase settles before the next, so the failing writes are exactly the middle ones.
                    futures.forEach(f -> f.exceptionally(e -> null).join());
                    if (i == 200) {
                        channels.failWrites.set(-1);
                    } else {
                        channels.heal();
                    }
                }
                futures.add(store.appendAsync(sample("s" + i)));
            }
            List<String> acknowledged = new ArrayList<>();
            List<String> notWritten = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).join();
                    acknowledged.add("s" + i);
                } catch (CompletionException e) {
                    assertThat(outcomeOf(e)).isEqualTo(StoreException.Outcome.NOT_WRITTEN);
                    notWritten.add("s" + i);
                }
            }

            List<String> stored = ids(store);
            assertThat(notWritten).hasSize(200);
            assertThat(stored).containsAll(acknowledged).doesNotContainAnyElementsOf(notWritten);
            assertThat(stored).hasSameSizeAs(acknowledged);

            for (String id : notWritten) {
                store.append(sample(id));
            }
            assertThat(ids(store)).hasSize(600).doesNotHaveDuplicates();
        }
    }

    @Test
    void appendAsync_forceFails_futureFailsUnknownAndRetryStoresOnce() {
        try (FileSampleStore store = store(Durability.BATCH)) {
            channels.failForces.set(1);
            CompletableFuture<Void> f = store.appendAsync(sample("s1"));

            assertThatThrownBy(f::join).satisfies(e -> assertThat(outcomeOf(e)).isEqualTo(StoreException.Outcome.UNKNOWN));
            store.appendAsync(sample("s1")).join();
            assertThat(ids(store)).containsExactly("s1");
        }
    }

    @Test
    void append_sameIdTwice_storesOnceEvenAcrossConcurrentCallers() throws Exception {
        try (FileSampleStore store = store(Durability.BATCH)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.append(sample("s" + i));
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }

            assertThat(ids(store)).hasSize(50).doesNotHaveDuplicates();
        }
    }

    @Test
    void failureStorm_logsTheFirstInFullThenSummariesAndCountsEveryFailure() {
        try (FileSampleStore store = store(Durability.SYNC)) {
            channels.failWrites.set(-1);
            for (int i = 0; i < 1000; i++) {
                String id = "s" + i;
                assertThatThrownBy(() -> store.append(sample(id))).isInstanceOf(StoreException.class);
            }

            StoreCounters c = store.counters();
            assertThat(c.failed()).isEqualTo(1000);
            assertThat(c.failureLogEntries()).isLessThanOrEqualTo(2);
        }
    }
}
