/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Ids for the records SlabML stores (samples, production records) when the caller gives none: UUID
 * version 7 (RFC 9562, section 5.7). The first 48 bits are the Unix time in milliseconds and the
 * next 12 the fraction of that millisecond (the RFC's method 3), so ids made one after the other
 * sort, as text too, in about the order they were made: a database's unique index on them grows at
 * its right edge instead of at a random page per insert (on PostgreSQL, about a third more rows per
 * second through {@code COPY}; see BENCHMARKS.md). The last 62 bits are random, from a generator per
 * thread seeded by {@link SecureRandom}: the ids are unique, not secret. Internal.
 */
public final class RecordIds {
    /** The latest second whose milliseconds fit in 48 bits (the year 10889). */
    private static final long LAST_SECOND = ((1L << 48) - 1) / 1000;
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<SplittableRandom> RANDOM =
        ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

    private RecordIds() {
    }

    /**
     * A new id stamped with {@code now}; a time before 1970 or after the year 10889 is stamped as
     * the nearest one the format holds.
     *
     * @param now the record's time
     * @return the id, in the usual 36-character form
     */
    public static String next(Instant now) {
        long second = Math.min(Math.max(now.getEpochSecond(), 0), LAST_SECOND);
        int nanos = now.getEpochSecond() == second ? now.getNano() : 0;
        long millis = second * 1000 + nanos / 1_000_000;
        long fraction = (nanos % 1_000_000) * 4096L / 1_000_000;
        long high = millis << 16 | 0x7000L | fraction;
        long low = RANDOM.get().nextLong() >>> 2 | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
