/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.StoreFullException;
import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.spi.RecordLimits;
import com.slabstak.slabml.spi.WhenFull;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of one store: callers put records on a bounded queue and return (or wait, per
 * {@link Durability}); one writer thread takes everything queued and writes it as a batch
 * ({@link BatchWriter}: one write per file, one force per batch), and then wakes the callers of that
 * batch; futures are completed on threads of their own ({@link Acknowledgements}).
 *
 * <p>Records are encoded to UTF-8 on the caller's thread ({@link Encoder}), so the writer's CPU per
 * record is a copy; only an optional {@link LineEnd}, which needs the write order, runs on the writer.
 *
 * <p>A full queue blocks for the configured timeout or rejects at once ({@link WhenFull}); either
 * way the caller gets a {@link StoreFullException} and the refusal is counted. A record whose write
 * fails is counted, logged ({@link FailureLog}: once with its cause, then in summaries) and, under
 * {@code BATCH}/{@code SYNC}, reported to its caller with its {@link StoreException#outcome()}.
 * {@link #close()} drains the queue, forces and stops the thread.
 */
final class AppendLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppendLog.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long DEEP_SLEEP_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Writes one record as a single line of JSON (without the newline); runs on the caller's thread. */
    @FunctionalInterface
    interface Encoder {
        void encode(LineBuffer out);
    }

    /**
     * Ends every line (before the newline) with text that depends on the write order, such as a
     * sequence number; runs where the order is decided: the writer thread, or the caller under {@code SYNC}.
     */
    @FunctionalInterface
    interface LineEnd {
        void write(LineBuffer out);
    }

    private final String name;
    private final String recordName;
    private final LogSettings settings;
    private final LineEnd lineEnd;
    private final BoundedQueue queue;
    private final Thread writer;
    private final long backlogWakeThreshold;
    private final AtomicLong queued = new AtomicLong();
    private final LongAdder rejected = new LongAdder();
    private final AtomicLong syncWritten = new AtomicLong();
    private final AtomicLong syncFsyncs = new AtomicLong();
    private final FailureLog failures;
    private final Acknowledgements acknowledgements;
    private final BatchWriter batchWriter;
    private final Set<SegmentedFile> syncTargets = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private volatile boolean terminated;
    private volatile boolean parked;
    private volatile boolean deepSleep;

    AppendLog(String name, LogSettings settings) {
        this(name, settings, null);
    }

    /** @param lineEnd written at the end of every line in write order, or null for none */
    AppendLog(String name, LogSettings settings, LineEnd lineEnd) {
        this.name = name;
        this.recordName = name.equals("samples") ? "sample" : name.replace('_', ' ') + " record";
        this.settings = settings;
        this.lineEnd = lineEnd;
        this.queue = new BoundedQueue(settings.queueCapacity());
        this.backlogWakeThreshold = Math.max(1, settings.queueCapacity() / 4);
        this.failures = new FailureLog(LOG, name, System::nanoTime);
        this.acknowledgements = new Acknowledgements(LOG, name, this::writeFailed);
        this.batchWriter = new BatchWriter(name, settings, lineEnd, acknowledgements, failures);
        this.writer = new Thread(this::run, "slabml-store-writer-" + name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    LogSettings settings() {
        return settings;
    }

    /**
     * Hands one record to the writer. Returns once it is queued ({@code ASYNC}) or once it is
     * written and forced ({@code BATCH}, {@code SYNC}).
     *
     * @throws InvalidInputException if the encoded record is larger than {@link RecordLimits#MAX_RECORD_BYTES}
     * @throws StoreFullException if the queue is full (and stays full for the timeout, when blocking)
     * @throws StoreException if the store is closed or the write failed, with what it left behind
     */
    void append(SegmentedFile target, Encoder encoder) {
        LineBuffer line = encode(encoder);
        if (settings.durability() == Durability.SYNC) {
            appendSync(target, line);
            return;
        }
        boolean async = settings.durability() == Durability.ASYNC;
        LogEntry e = new LogEntry(target, line.toByteArray(), async ? null : Thread.currentThread(), null);
        handOver(e, async);
        if (!async) {
            await(e);
        }
    }

    /**
     * Hands one record to the writer without waiting for it to be durable. Returns once it is queued,
     * with a future that completes when the record is acknowledged: at once under {@code ASYNC}; once it
     * is written and forced under {@code BATCH}, on one of this store's acknowledgement threads (never
     * the writer or a force thread, so dependent actions may call the store, even {@link #append}; an
     * action must not block on another future of this store, as futures are completed in turn: compose
     * them instead); under {@code SYNC} the record is written and forced before this returns, and a
     * failed write is thrown as from {@link #append}. Otherwise a write that fails completes the future
     * with a {@link StoreException} that says what it left behind.
     *
     * @throws InvalidInputException if the encoded record is too large; nothing was queued
     * @throws StoreFullException if the queue is full (and, with {@code BLOCK}, stays full for the timeout)
     * @throws StoreException if the store is closed or the record cannot be encoded; nothing was queued
     */
    CompletableFuture<Void> appendAsync(SegmentedFile target, Encoder encoder) {
        LineBuffer line = encode(encoder);
        switch (settings.durability()) {
            case SYNC:
                appendSync(target, line);
                return CompletableFuture.completedFuture(null);
            case ASYNC:
                handOver(new LogEntry(target, line.toByteArray(), null, null), true);
                return CompletableFuture.completedFuture(null);
            default:
                CompletableFuture<Void> acknowledged = new CompletableFuture<>();
                handOver(new LogEntry(target, line.toByteArray(), null, acknowledged), false);
                return acknowledged;
        }
    }

    /** Encodes a record on the caller's thread into its reused line buffer and checks its size. */
    private LineBuffer encode(Encoder encoder) {
        if (closing) {
            throw closed();
        }
        LineBuffer buf = LineBuffer.forThisThread();
        try {
            encoder.encode(buf);
        } catch (RuntimeException e) {
            LOG.error("{} store: a record could not be encoded and was not written", name, e);
            throw new StoreException(name + " store: record could not be encoded: " + e.getMessage(), e,
                StoreException.Outcome.NOT_WRITTEN);
        }
        RecordLimits.checkRecordSize(recordName, buf.length());
        return buf;
    }

    /**
     * Queues a record and wakes the writer if it sleeps: always when someone waits for the record,
     * for background writes only when the backlog grew or the writer is in deep sleep.
     */
    private void handOver(LogEntry e, boolean background) {
        enqueue(e, false);
        long backlog = queued.incrementAndGet() - batchWriter.processed;
        if (parked && (!background || deepSleep || backlog >= backlogWakeThreshold)) {
            LockSupport.unpark(writer);
        }
        if (terminated && queue.remove(e)) {
            throw refusedAsClosed();
        }
    }

    /**
     * {@code SYNC}: the caller writes its own line under the file lock and forces it on its own
     * thread, so concurrent callers' forces overlap (the file system's journal commits them
     * together) instead of queuing behind one writer. No queue is involved.
     */
    private void appendSync(SegmentedFile target, LineBuffer line) {
        queued.incrementAndGet();
        if (lineEnd != null) {
            lineEnd.write(line);
        }
        line.ascii('\n');
        syncTargets.add(target);
        if (closing) {
            // close() may have closed the targets it knew of before this one was added.
            throw refusedAsClosed();
        }
        FileChannel channel;
        try {
            channel = target.append(line.array(), line.length(), true);
        } catch (IOException | RuntimeException e) {
            if (target.isClosed()) {
                // Refused before anything was written: close() won the race.
                throw refusedAsClosed();
            }
            throw syncWriteFailed(target, e instanceof WriteFailure ? e : WriteFailure.unknown("write failed", e));
        }
        try {
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            throw syncWriteFailed(target, WriteFailure.unknown("force to disk failed", e));
        }
        syncWritten.incrementAndGet();
        syncFsyncs.incrementAndGet();
        failures.succeeded();
    }

    /** Returns once every record queued before this call is written (not necessarily forced). */
    void awaitWritten() {
        if (terminated || Thread.currentThread() == writer) {
            return;
        }
        LogEntry barrier = new LogEntry(null, null, Thread.currentThread(), null);
        enqueue(barrier, true);
        LockSupport.unpark(writer);
        if (terminated && queue.remove(barrier)) {
            return;
        }
        await(barrier);
    }

    StoreCounters counters() {
        return new StoreCounters(queued.get(), batchWriter.written.get() + syncWritten.get(), rejected.sum(),
            failures.failures(), batchWriter.batches.get() + syncWritten.get(),
            batchWriter.fsyncs.get() + syncFsyncs.get(), failures.entriesLogged());
    }

    private void enqueue(LogEntry e, boolean barrier) {
        if (closing) {
            throw closed();
        }
        if (queue.offer(e)) {
            return;
        }
        LockSupport.unpark(writer);
        if (settings.whenFull() == WhenFull.REJECT && !barrier) {
            rejected.increment();
            throw new StoreFullException(name + " store: queue full (" + settings.queueCapacity()
                + " records), record rejected; raise slabml.store.queue_capacity or use when_full=BLOCK");
        }
        try {
            long timeout = barrier ? Long.MAX_VALUE : settings.blockTimeout().toNanos();
            if (!queue.offer(e, timeout, TimeUnit.NANOSECONDS)) {
                rejected.increment();
                throw new StoreFullException(name + " store: queue stayed full for " + settings.blockTimeout()
                    + ", record rejected; the disk is slower than the arrival rate");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            if (!barrier) {
                rejected.increment();
            }
            throw new StoreException(name + " store: interrupted while waiting for room in the queue", ie,
                StoreException.Outcome.NOT_WRITTEN);
        }
    }

    private void await(LogEntry e) {
        boolean interrupted = false;
        while (e.state == LogEntry.PENDING) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (e.state == LogEntry.FAILED) {
            throw writeFailed(e.failure);
        }
    }

    private StoreException writeFailed(Throwable failure) {
        StoreException.Outcome outcome = WriteFailure.outcomeOf(failure);
        return new StoreException(name + " store: write failed: " + failure.getMessage(),
            WriteFailure.rootOf(failure), outcome);
    }

    private StoreException closed() {
        return new StoreException(name + " store is closed", null, StoreException.Outcome.NOT_WRITTEN);
    }

    /** A record counted as queued that the closed store did not take after all. */
    private StoreException refusedAsClosed() {
        queued.decrementAndGet();
        return closed();
    }

    private StoreException syncWriteFailed(SegmentedFile target, Throwable failure) {
        failures.failed(1, "writing a record to " + target.base() + " failed: " + WriteFailure.outcomeOf(failure),
            failure);
        return writeFailed(failure);
    }

    // ---- writer thread

    private void run() {
        List<LogEntry> batch = new ArrayList<>(Math.min(settings.maxBatch(), 65_536));
        Set<SegmentedFile> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        long lastWork = System.nanoTime();
        while (true) {
            batch.clear();
            queue.drainTo(batch, settings.maxBatch());
            if (!batch.isEmpty()) {
                batchWriter.process(batch, targets);
                lastWork = System.nanoTime();
                continue;
            }
            if (closing) {
                break;
            }
            if (acknowledgements.hasOverflow()) {
                // Parked acknowledgements whose last chance passed (a thread came free just before
                // they were parked): hand them to a free thread, if there is one by now.
                acknowledgements.drainIfFree();
            }
            long idle = System.nanoTime() - lastWork;
            boolean async = settings.durability() == Durability.ASYNC;
            deepSleep = idle > DEEP_SLEEP_AFTER_NANOS;
            parked = true;
            if (queue.isEmpty() && !closing) {
                LockSupport.parkNanos(this, async && !deepSleep ? settings.asyncFlushInterval().toNanos() : IDLE_PARK_NANOS);
            }
            parked = false;
        }
        // Closing: nothing is queued any more; late arrivals are drained once after terminated is set.
        terminated = true;
        batch.clear();
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
            batchWriter.process(batch, targets);
        }
        if (batchWriter.shutdown()) {
            Thread.currentThread().interrupt();
        }
        for (SegmentedFile f : targets) {
            try {
                if (settings.durability() == Durability.ASYNC) {
                    f.force();
                    batchWriter.fsyncs.incrementAndGet();
                }
                f.close();
            } catch (IOException e) {
                LOG.error("{} store: closing {} failed", name, f.base(), e);
            }
        }
    }

    /** Drains the queue, forces what was written (also under {@code ASYNC}) and stops the writer. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // The writer waited for the forces; then every future is handed over: wait until they are
        // completed, unless this is an acknowledgement thread closing the store from a dependent action,
        // and not forever for actions that block.
        interrupted |= acknowledgements.shutdown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (SegmentedFile f : syncTargets) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.error("{} store: closing {} failed", name, f.base(), e);
            }
        }
        LOG.debug("{} store closed: {}", name, counters());
    }
}
