/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordIdsTest {

    @Test
    void next_isUuidVersion7WithTheTimeInItsFirst48Bits() {
        // given: RFC 9562's example time, Tuesday, February 22, 2022 2:22:22.00 PM GMT-05:00
        Instant t = Instant.ofEpochMilli(0x017F22E279B0L);
        // when
        String id = RecordIds.next(t);
        // then
        UUID uuid = UUID.fromString(id);
        assertThat(id).hasSize(36).startsWith("017f22e2-79b0-7");
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(0x017F22E279B0L);
    }

    @Test
    void next_laterTimes_sortLaterAsText() {
        // given: times a microsecond apart, across millisecond and second boundaries
        Instant start = Instant.parse("2026-12-05T13:59:59.998Z");
        List<String> ids = new ArrayList<>();
        // when
        for (int i = 0; i < 5_000; i++) {
            ids.add(RecordIds.next(start.plusNanos(i * 1_000L)));
        }
        // then: each id is greater than the one before unless both fall in one 1/4096 of a millisecond
        for (int i = 1; i < ids.size(); i++) {
            long before = fraction(start.plusNanos((i - 1) * 1_000L));
            long now = fraction(start.plusNanos(i * 1_000L));
            if (now != before) {
                assertThat(ids.get(i)).as("id %d", i).isGreaterThan(ids.get(i - 1));
            }
        }
    }

    @Test
    void next_sameInstantFromManyThreads_neverRepeats() {
        // given
        Instant t = Instant.parse("2026-12-05T14:00:00Z");
        Set<String> ids = ConcurrentHashMap.newKeySet();
        // when
        IntStream.range(0, 8).parallel().forEach(thread -> {
            for (int i = 0; i < 50_000; i++) {
                ids.add(RecordIds.next(t));
            }
        });
        // then
        assertThat(ids).hasSize(400_000);
    }

    @Test
    void next_timesTheFormatCannotHold_areStampedAsTheNearestItCan() {
        // when
        String early = RecordIds.next(Instant.parse("1900-01-01T00:00:00Z"));
        String late = RecordIds.next(Instant.MAX);
        // then
        assertThat(early).startsWith("00000000-0000-7");
        String lastMilli = RecordIds.next(Instant.ofEpochMilli((1L << 48) - 1).plusNanos(999_999));
        String pastTheLastMilli = RecordIds.next(Instant.ofEpochMilli(1L << 48));
        assertThat(late).startsWith("ffffffff-ffff-7fff-");
        assertThat(lastMilli).startsWith("ffffffff-ffff-7fff-");
        assertThat(pastTheLastMilli).startsWith("ffffffff-ffff-7fff-");
        Set<String> distinct = new HashSet<>(List.of(early, RecordIds.next(Instant.EPOCH)));
        assertThat(distinct).hasSize(2);
    }

    /** Milliseconds and the 12-bit fraction, as the id holds them. */
    private static long fraction(Instant t) {
        return t.toEpochMilli() * 4096 + (t.getNano() % 1_000_000) * 4096L / 1_000_000;
    }
}
