/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureLogTest {
    private final AtomicLong now = new AtomicLong();
    private final FailureLog log = new FailureLog(LoggerFactory.getLogger(FailureLogTest.class), "samples", now::get);

    @Test
    void failed_stormOfFailures_logsTheFirstThenOneSummaryPerIntervalAndCountsAll() {
        IOException full = new IOException("No space left on device");
        for (int second = 0; second < 30; second++) {
            for (int i = 0; i < 1000; i++) {
                log.failed(1, "write failed", full);
            }
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        }

        assertThat(log.failures()).isEqualTo(30_000);
        assertThat(log.entriesLogged()).isBetween(3L, 4L);
    }

    @Test
    void failed_failuresAndSuccessesAlternating_stillOneFullEntryThenSummaries() {
        IOException full = new IOException("No space left on device");
        for (int i = 0; i < 1000; i++) {
            log.failed(1, "write failed", full);
            log.succeeded();
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(3));
        }

        assertThat(log.failures()).isEqualTo(1000);
        assertThat(log.entriesLogged()).isEqualTo(1);
    }

    @Test
    void failed_afterAQuietInterval_isLoggedInFullAgain() {
        IOException full = new IOException("No space left on device");
        log.failed(1, "write failed", full);
        now.addAndGet(FailureLog.SUMMARY_INTERVAL_NANOS + 1);

        log.failed(1, "write failed", full);

        assertThat(log.entriesLogged()).isEqualTo(2);
    }
}
