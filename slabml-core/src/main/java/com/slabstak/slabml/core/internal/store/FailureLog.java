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
 * Logs the write failures of one store without flooding the log: a failure after a quiet interval
 * is logged at ERROR with its cause; the failures that follow it are counted and logged as one
 * summary per interval at most (how many failed since, of which kinds), without stack traces, however
 * often writes fail and succeed in between. Counts every failure, logged or not.
 */
final class FailureLog {
    static final long SUMMARY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final String store;
    private final LongSupplier nanoTime;
    private long total;
    private long sinceLogged;
    private final Map<String, Long> kinds = new TreeMap<>();
    private boolean anyFailure;
    private long lastFailure;
    private long lastLogged;
    private long entriesLogged;
    private volatile boolean pending;

    FailureLog(Logger log, String store, LongSupplier nanoTime) {
        this.log = log;
        this.store = store;
        this.nanoTime = nanoTime;
    }

    /** Records that {@code records} records failed with {@code cause}, and logs per the rules above. */
    synchronized void failed(long records, String what, Throwable cause) {
        total += records;
        long now = nanoTime.getAsLong();
        boolean quietBefore = !anyFailure || now - lastFailure >= SUMMARY_INTERVAL_NANOS;
        anyFailure = true;
        lastFailure = now;
        if (quietBefore && sinceLogged == 0) {
            lastLogged = now;
            entriesLogged++;
            log.error("{} store: {}; further failures are summarised at most every {} s", store, what,
                TimeUnit.NANOSECONDS.toSeconds(SUMMARY_INTERVAL_NANOS), cause);
            return;
        }
        sinceLogged += records;
        pending = true;
        kinds.merge(kind(cause), records, Long::sum);
        if (now - lastLogged >= SUMMARY_INTERVAL_NANOS) {
            summarise(now);
        }
    }

    /** Records that a write succeeded: a summary that is due is logged. */
    void succeeded() {
        if (!pending) {
            return;
        }
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (sinceLogged > 0 && now - lastLogged >= SUMMARY_INTERVAL_NANOS) {
                summarise(now);
            }
        }
    }

    private void summarise(long now) {
        entriesLogged++;
        log.error("{} store: {} more records failed in the last {} s: {}", store, sinceLogged,
            TimeUnit.NANOSECONDS.toSeconds(now - lastLogged), kinds);
        sinceLogged = 0;
        pending = false;
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
