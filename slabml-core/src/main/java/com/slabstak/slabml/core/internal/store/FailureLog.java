/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs the write failures of one store without flooding the log: the first failure at ERROR with
 * its cause, then at most one summary per interval (how many failed since, of which kinds), without
 * stack traces; after a write succeeds again, the next failure is logged in full once more.
 * Counts every failure, logged or not.
 */
final class FailureLog {
    static final long SUMMARY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final String store;
    private final LongSupplier nanoTime;
    private long total;
    private long sinceLogged;
    private final Map<String, Long> kinds = new TreeMap<>();
    private volatile boolean storm;
    private long lastLogged;
    private long entriesLogged;

    FailureLog(Logger log, String store, LongSupplier nanoTime) {
        this.log = log;
        this.store = store;
        this.nanoTime = nanoTime;
    }

    /** Records that {@code records} records failed with {@code cause}, and logs per the rules above. */
    synchronized void failed(long records, String what, Throwable cause) {
        total += records;
        long now = nanoTime.getAsLong();
        if (!storm) {
            storm = true;
            lastLogged = now;
            entriesLogged++;
            log.error("{} store: {} ({} records); further failures are summarised every {} s until a write "
                + "succeeds", store, what, records, TimeUnit.NANOSECONDS.toSeconds(SUMMARY_INTERVAL_NANOS), cause);
            return;
        }
        sinceLogged += records;
        kinds.merge(kind(cause), records, Long::sum);
        if (now - lastLogged >= SUMMARY_INTERVAL_NANOS) {
            summarise(now);
        }
    }

    /** Records that a write succeeded: the failures (if any) stopped; a pending summary is logged. */
    void succeeded() {
        if (!storm) {
            return;
        }
        synchronized (this) {
            if (sinceLogged > 0) {
                summarise(nanoTime.getAsLong());
            }
            if (storm) {
                storm = false;
                log.info("{} store: writes succeed again", store);
            }
        }
    }

    private void summarise(long now) {
        entriesLogged++;
        log.error("{} store: {} more records failed in the last {} s: {}", store, sinceLogged,
            TimeUnit.NANOSECONDS.toSeconds(now - lastLogged), kinds);
        sinceLogged = 0;
        kinds.clear();
        lastLogged = now;
    }

    /** Every record that failed so far. */
    synchronized long failures() {
        return total;
    }

    /** The log entries written so far (the first failures and the summaries). */
    synchronized long entriesLogged() {
        return entriesLogged;
    }

    private static String kind(Throwable cause) {
        Throwable root = WriteFailure.rootOf(cause);
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + abbreviate(message));
    }

    private static String abbreviate(String message) {
        return message.length() > 80 ? message.substring(0, 80) + "..." : message;
    }
}
