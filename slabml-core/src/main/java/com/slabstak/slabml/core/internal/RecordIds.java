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
 * its right edge instead of at a random page per insert (on PostgreSQL, with byte-wise collation,
 * about 1.24 times the samples per second through {@code collectAsync}; see BENCHMARKS.md). The last 62 bits are random, from a generator per
 * thread seeded by {@link SecureRandom}: the ids are unique, not secret. Internal.
 */
public final class RecordIds {
    /** The latest millisecond 48 bits hold (in the year 10889), and its second. */
    private static final long LAST_MILLI = (1L << 48) - 1;
    private static final long LAST_SECOND = LAST_MILLI / 1000;
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
        long second = now.getEpochSecond();
        long millis = second < 0 ? -1 : second > LAST_SECOND ? LAST_MILLI + 1 : now.toEpochMilli();
        long fraction = (now.getNano() % 1_000_000) * 4096L / 1_000_000;
        if (millis < 0) {
            millis = 0;
            fraction = 0;
        } else if (millis > LAST_MILLI) {
            millis = LAST_MILLI;
            fraction = 4095;
        }
        long high = millis << 16 | 0x7000L | fraction;
        long low = RANDOM.get().nextLong() >>> 2 | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
