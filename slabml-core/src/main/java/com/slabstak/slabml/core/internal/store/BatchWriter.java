/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.spi.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the writer thread of an {@link AppendLog} does with one batch: copies the lines into one
 * reused direct buffer, appends them to each target in one write per file, hands the forces to the
 * force threads (group commit: forces of consecutive batches overlap), and wakes the callers.
 *
 * <p>A write that fails leaves the file as it was (the failed write is cut off again), so its records
 * fail as not written; records appended before it in the same batch go on to be forced. A failed
 * force fails its records with an unknown outcome.
 */
final class BatchWriter {
    private static final int INITIAL_WRITE_BUFFER = 1 << 20;

    private final LogSettings settings;
    private final AppendLog.LineEnd lineEnd;
    private final Acknowledgements acknowledgements;
    private final FailureLog failures;
    private final LineBuffer endBuffer = new LineBuffer(64);
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(INITIAL_WRITE_BUFFER);
    private final ThreadPoolExecutor forcers;
    private final Semaphore forcePermits;
    final AtomicLong written = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong fsyncs = new AtomicLong();
    /** Records (not barriers) taken from the queue and handled; read by callers to size the backlog. */
    volatile long processed;

    BatchWriter(String name, LogSettings settings, AppendLog.LineEnd lineEnd, Acknowledgements acknowledgements,
                FailureLog failures) {
        this.settings = settings;
        this.lineEnd = lineEnd;
        this.acknowledgements = acknowledgements;
        this.failures = failures;
        AtomicInteger count = new AtomicInteger();
        this.forcers = new ThreadPoolExecutor(settings.forceThreads(), settings.forceThreads(),
            30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "slabml-store-force-" + name + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        this.forcers.allowCoreThreadTimeOut(true);
        this.forcePermits = new Semaphore(settings.forceThreads());
    }

    /** Writes one batch taken from the queue; {@code targets} collects every file ever written. */
    void process(List<LogEntry> batch, Set<SegmentedFile> targets) {
        Map<SegmentedFile, LogEntry.TargetBatch> byTarget = new LinkedHashMap<>();
        List<LogEntry> barriers = null;
        List<LogEntry> withFutures = null;
        for (LogEntry e : batch) {
            if (e.target == null) {
                if (barriers == null) {
                    barriers = new ArrayList<>();
                }
                barriers.add(e);
                continue;
            }
            LogEntry.TargetBatch p = byTarget.computeIfAbsent(e.target, LogEntry.TargetBatch::new);
            p.entries.add(e);
            e.batch = p;
            if (e.acknowledged != null) {
                if (withFutures == null) {
                    withFutures = new ArrayList<>();
                }
                withFutures.add(e);
            }
        }
        List<LogEntry> futuresInOrder = withFutures == null ? List.of() : withFutures;
        boolean force = settings.durability() != Durability.ASYNC;
        List<LogEntry.TargetBatch> toForce = new ArrayList<>(byTarget.size());
        List<LogEntry.TargetBatch> done = new ArrayList<>(0);
        int recordsInBatch = 0;
        for (LogEntry.TargetBatch p : byTarget.values()) {
            recordsInBatch += p.entries.size();
            targets.add(p.target);
            try {
                write(p, force);
                p.appended = p.entries.size();
            } catch (IOException | RuntimeException ex) {
                p.writeFailure = ex instanceof WriteFailure ? ex : WriteFailure.unknown("write failed", ex);
            }
            if (force && p.appended > 0) {
                toForce.add(p);
            } else {
                finish(p);
                done.add(p);
            }
        }
        acknowledgements.acknowledge(done, futuresInOrder);
        if (recordsInBatch > 0) {
            batches.incrementAndGet();
        }
        processed += batch.size() - (barriers == null ? 0 : barriers.size());
        // Barriers wait for what was queued before them to be written, not forced.
        if (barriers != null) {
            for (LogEntry b : barriers) {
                b.complete(null);
            }
        }
        if (!toForce.isEmpty()) {
            // At most force_threads forces at once: while they all run, the queue fills up and the
            // next batch gets bigger instead of costing another force.
            forcePermits.acquireUninterruptibly();
            forcers.execute(() -> {
                try {
                    for (LogEntry.TargetBatch p : toForce) {
                        try {
                            for (FileChannel channel : p.channels) {
                                channel.force(false);
                                fsyncs.incrementAndGet();
                            }
                        } catch (IOException | RuntimeException ex) {
                            p.forceFailure = WriteFailure.unknown("force to disk failed", ex);
                        }
                        finish(p);
                    }
                    acknowledgements.acknowledge(toForce, futuresInOrder);
                } finally {
                    forcePermits.release();
                }
            });
        }
    }

    /**
     * Copies the lines into the reused direct buffer and appends them: one write for the whole batch
     * unless it is larger than the buffer (then one write per buffer full, whole lines each). Records
     * in {@code p} every channel written, as the file may move to a new segment between two writes,
     * and how many records were appended before a write failed.
     */
    private void write(LogEntry.TargetBatch p, boolean force) throws IOException {
        SegmentedFile target = p.target;
        ByteBuffer out = writeBuffer;
        out.clear();
        for (int i = 0; i < p.entries.size(); i++) {
            LogEntry e = p.entries.get(i);
            LineBuffer end = endBuffer;
            end.clear();
            if (lineEnd != null) {
                lineEnd.write(end);
            }
            end.ascii('\n');
            int need = e.line.length + end.length();
            if (out.remaining() < need) {
                if (out.position() > 0) {
                    out.flip();
                    p.wrote(target.append(out, force));
                    p.appended = i;
                    out.clear();
                }
                if (out.capacity() < need) {
                    writeBuffer = ByteBuffer.allocateDirect(Math.max(need, out.capacity() * 2));
                    out = writeBuffer;
                }
            }
            out.put(e.line).put(end.array(), 0, end.length());
        }
        if (out.position() > 0) {
            out.flip();
            p.wrote(target.append(out, force));
        }
    }

    /**
     * Counts a target's records as written or failed, sets each record's failure and wakes their
     * blocked callers; their futures are left to the acknowledgements.
     */
    private void finish(LogEntry.TargetBatch p) {
        int failed = 0;
        for (int i = 0; i < p.entries.size(); i++) {
            if (p.failureOf(i) != null) {
                failed++;
            }
        }
        // Counted before anyone is woken, so a caller that returns sees its record counted.
        written.addAndGet(p.entries.size() - failed);
        if (failed > 0) {
            Throwable cause = p.forceFailure != null ? p.forceFailure : p.writeFailure;
            failures.failed(failed, "writing " + failed + " records to " + p.target.base() + " failed: "
                + WriteFailure.outcomeOf(cause), cause);
        } else {
            failures.succeeded();
        }
        for (int i = 0; i < p.entries.size(); i++) {
            LogEntry e = p.entries.get(i);
            Throwable failure = p.failureOf(i);
            if (e.acknowledged == null) {
                e.complete(failure);
            } else {
                e.failure = failure;
            }
        }
    }

    /** Stops the force threads once their work is done. */
    boolean shutdown() {
        forcers.shutdown();
        boolean interrupted = false;
        while (!forcers.isTerminated()) {
            try {
                forcers.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }
}
