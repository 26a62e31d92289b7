/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * One record on its way to a file (or, without a target, a barrier that completes once everything
 * queued before it is written), and how it ended.
 */
final class LogEntry {
    static final int PENDING = 0;
    static final int DONE = 1;
    static final int FAILED = 2;

    final SegmentedFile target;
    final byte[] line;
    /** The caller parked until this record is done ({@link AppendLog#append}), or null. */
    final Thread waiter;
    /** Completed when this record is done ({@link AppendLog#appendAsync}), or null. */
    final CompletableFuture<Void> acknowledged;
    volatile int state = PENDING;
    /** Why the record failed, set before it is completed; a {@link WriteFailure} says what was left behind. */
    volatile Throwable failure;
    /** The target's share of the batch this record was written in; set by the writer. */
    TargetBatch batch;

    LogEntry(SegmentedFile target, byte[] line, Thread waiter, CompletableFuture<Void> acknowledged) {
        this.target = target;
        this.line = line;
        this.waiter = waiter;
        this.acknowledged = acknowledged;
    }

    /** Marks the record done (or failed) and wakes its waiting caller; its future is left to the acknowledgements. */
    void complete(Throwable cause) {
        if (cause != null) {
            failure = cause;
            state = FAILED;
        } else {
            state = DONE;
        }
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    /** The records of one batch that go to one target, and the channels they were written through. */
    static final class TargetBatch {
        final SegmentedFile target;
        final List<LogEntry> entries = new ArrayList<>();
        /** The channels written, in order (one unless the file moved to a new segment). */
        final List<FileChannel> channels = new ArrayList<>(1);
        /** The first entries that were appended before a write failed; all of them when none failed. */
        int appended;
        /** Why the write of the records past {@link #appended} failed, or null. */
        volatile Throwable writeFailure;
        /** Why the force failed, or null. */
        volatile Throwable forceFailure;

        TargetBatch(SegmentedFile target) {
            this.target = target;
        }

        void wrote(FileChannel channel) {
            if (channels.isEmpty() || channels.get(channels.size() - 1) != channel) {
                channels.add(channel);
            }
        }

        /** Why entry {@code i} of this batch failed, or null if it is written (and forced, where asked). */
        Throwable failureOf(int i) {
            if (i >= appended && writeFailure != null) {
                return writeFailure;
            }
            return forceFailure;
        }
    }
}
