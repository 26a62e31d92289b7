/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.spi.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} does: versions start at 1 and grow by one, a compare-and-set with
 * a stale version changes nothing, concurrent writers of one version have exactly one winner, and a
 * lease has one owner until it expires or is released (expiry measured on the clock the store was
 * given).
 *
 * <pre>{@code
 * class MyStateStoreTest extends StateStoreContract {
 *     protected StateStore createStore(Clock clock) { return new MyStateStore(clock); }
 * }
 * }</pre>
 *
 * @since 0.2
 */
public abstract class StateStoreContract {
    private SteppedClock clock;
    private StateStore store;

    /**
     * Returns a new, empty store whose leases expire on {@code clock}; the contract closes it.
     *
     * @param clock the clock the store measures lease expiry on; it moves only when the contract moves it
     * @return the store under test
     */
    protected abstract StateStore createStore(Clock clock);

    @BeforeEach
    void openStore() {
        clock = new SteppedClock(Instant.parse("2026-01-15T09:00:00Z"));
        store = createStore(clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void get_neverWritten_isEmpty() {
        assertThat(store.get("loop/card_identification")).isEmpty();
    }

    @Test
    void compareAndSet_newKeyThenNext_versionsGrowByOne() {
        assertThat(store.compareAndSet("loop/card_identification", 0, "{\"step\":\"collect\"}")).hasValue(1);
        assertThat(store.compareAndSet("loop/card_identification", 1, "{\"step\":\"train\"}")).hasValue(2);
        assertThat(store.get("loop/card_identification"))
            .contains(new StateStore.Versioned("{\"step\":\"train\"}", 2));
    }

    @Test
    void compareAndSet_staleVersion_changesNothing() {
        store.compareAndSet("k", 0, "first");
        store.compareAndSet("k", 1, "second");
        assertThat(store.compareAndSet("k", 1, "stale")).isEmpty();
        assertThat(store.compareAndSet("k", 0, "again new")).isEmpty();
        assertThat(store.get("k")).contains(new StateStore.Versioned("second", 2));
    }

    @Test
    void compareAndSet_keysAreIndependent() {
        store.compareAndSet("loop/a", 0, "a");
        assertThat(store.compareAndSet("loop/b", 0, "b")).hasValue(1);
        assertThat(store.get("loop/a")).contains(new StateStore.Versioned("a", 1));
    }

    @Test
    void compareAndSet_unicodeAndLongValue_readBackUnchanged() {
        String value = "{\"note\":\"Pokémon ✓ \\n\"}" + "x".repeat(100_000);
        store.compareAndSet("k", 0, value);
        assertThat(store.get("k").orElseThrow().value()).isEqualTo(value);
    }

    @Test
    void compareAndSet_concurrentWritersOfOneVersion_exactlyOneWins() throws Exception {
        store.compareAndSet("k", 0, "start");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<OptionalLong>> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String value = "writer-" + i;
                writers.add(() -> store.compareAndSet("k", 1, value));
            }
            long wins = 0;
            for (Future<OptionalLong> f : pool.invokeAll(writers)) {
                wins += f.get().isPresent() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.get("k").orElseThrow().version()).isEqualTo(2);
            assertThat(store.get("k").orElseThrow().value()).startsWith("writer-");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tryAcquireLease_heldByAnother_isRefusedUntilItExpires() {
        assertThat(store.tryAcquireLease("loop-runner", "a", Duration.ofSeconds(30))).isTrue();
        assertThat(store.tryAcquireLease("loop-runner", "b", Duration.ofSeconds(30))).isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(store.tryAcquireLease("loop-runner", "b", Duration.ofSeconds(30))).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.tryAcquireLease("loop-runner", "b", Duration.ofSeconds(30))).isTrue();
        assertThat(store.tryAcquireLease("loop-runner", "a", Duration.ofSeconds(30))).isFalse();
    }

    @Test
    void tryAcquireLease_ownerRenews_extendsIt() {
        store.tryAcquireLease("loop-runner", "a", Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.tryAcquireLease("loop-runner", "a", Duration.ofSeconds(30))).isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.tryAcquireLease("loop-runner", "b", Duration.ofSeconds(30))).isFalse();
    }

    @Test
    void releaseLease_byOwner_freesItAndByOtherDoesNothing() {
        store.tryAcquireLease("loop-runner", "a", Duration.ofMinutes(5));
        store.releaseLease("loop-runner", "b");
        assertThat(store.tryAcquireLease("loop-runner", "b", Duration.ofMinutes(5))).isFalse();
        store.releaseLease("loop-runner", "a");
        assertThat(store.tryAcquireLease("loop-runner", "b", Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void tryAcquireLease_differentNames_areIndependent() {
        assertThat(store.tryAcquireLease("loop/a", "a", Duration.ofMinutes(5))).isTrue();
        assertThat(store.tryAcquireLease("loop/b", "b", Duration.ofMinutes(5))).isTrue();
    }

    /** A clock that moves only when the contract advances it. */
    private static final class SteppedClock extends Clock {
        private volatile Instant now;

        SteppedClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the contract's clock stays in UTC");
        }
    }
}
