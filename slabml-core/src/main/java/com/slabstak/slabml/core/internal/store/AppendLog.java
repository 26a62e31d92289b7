/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.spi.WhenFull;
import com.slabstak.slabml.StoreFullException;
import com.slabstak.slabml.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of one store: callers put records on a bounded queue and return (or wait, per
 * {@link Durability}); one writer thread takes everything queued, copies the lines into one reused
 * direct buffer, appends them to the target files in one write per file under the file lock, forces
 * once per batch (group commit), and then wakes the callers of that batch.
 *
 * <p>Records are encoded to UTF-8 on the caller's thread ({@link Encoder}), so the writer's CPU per
 * record is a copy; only an optional {@link LineEnd}, which needs the write order, runs on the writer.
 *
 * <p>A full queue blocks for the configured timeout or rejects at once ({@link WhenFull}); either
 * way the caller gets a {@link StoreFullException} and the refusal is counted. A record whose write
 * fails is counted, logged at ERROR and, under {@code BATCH}/{@code SYNC}, reported to its caller.
 * {@link #close()} drains the queue, forces and stops the thread.
 */
final class AppendLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppendLog.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long DEEP_SLEEP_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int PENDING = 0;
    private static final int DONE = 1;
    private static final int FAILED = 2;

    private static final int INITIAL_WRITE_BUFFER = 1 << 20;
    /** Acknowledgement threads at most; more are only needed while dependent actions block. */
    private static final int MAX_ACKNOWLEDGERS = 256;
    private static final long CLOSE_ACK_WAIT_SECONDS = 30;

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

    private static final class Entry {
        final SegmentedFile target;
        final byte[] line;
        /** The caller parked until this record is done ({@link #append}), or null. */
        final Thread waiter;
        /** Completed when this record is done ({@link #appendAsync}), or null. */
        final CompletableFuture<Void> acknowledged;
        volatile int state = PENDING;
        volatile Throwable failure;
        /** The target's share of the batch this record was written in; set by the writer. */
        Pending pending;

        Entry(SegmentedFile target, byte[] line, Thread waiter, CompletableFuture<Void> acknowledged) {
            this.target = target;
            this.line = line;
            this.waiter = waiter;
            this.acknowledged = acknowledged;
        }
    }

    private final String name;
    private final LogSettings settings;
    private final LineEnd lineEnd;
    private final LineBuffer endBuffer = new LineBuffer(64);
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(INITIAL_WRITE_BUFFER);
    private final BoundedQueue queue;
    private final Thread writer;
    private final long backlogWakeThreshold;
    private final AtomicLong queued = new AtomicLong();
    private final LongAdder rejected = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final java.util.concurrent.ThreadPoolExecutor forcers;
    private final java.util.concurrent.Semaphore forcePermits;
    /** Completes {@link #appendAsync} futures, so that no caller code runs on the writer or force threads. */
    private final java.util.concurrent.ThreadPoolExecutor acknowledgers;
    private final Set<Thread> acknowledgerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<SegmentedFile> syncTargets = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long processed;
    private volatile boolean closing;
    private volatile boolean terminated;
    private volatile boolean parked;
    private volatile boolean deepSleep;
    private volatile boolean acknowledgersSaturated;
    /** Acknowledgements handed over while every acknowledgement thread was busy; run by the next free one. */
    private final ConcurrentLinkedQueue<Runnable> acknowledgementOverflow = new ConcurrentLinkedQueue<>();

    AppendLog(String name, LogSettings settings) {
        this(name, settings, null);
    }

    /** @param lineEnd written at the end of every line in write order, or null for none */
    AppendLog(String name, LogSettings settings, LineEnd lineEnd) {
        this.name = name;
        this.settings = settings;
        this.lineEnd = lineEnd;
        this.queue = new BoundedQueue(settings.queueCapacity());
        this.backlogWakeThreshold = Math.max(1, settings.queueCapacity() / 4);
        java.util.concurrent.atomic.AtomicInteger forcerCount = new java.util.concurrent.atomic.AtomicInteger();
        this.forcers = new java.util.concurrent.ThreadPoolExecutor(settings.forceThreads(), settings.forceThreads(),
            30, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "slabml-store-force-" + name + "-" + forcerCount.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        this.forcers.allowCoreThreadTimeOut(true);
        this.forcePermits = new java.util.concurrent.Semaphore(settings.forceThreads());
        // A thread per busy acknowledgement, reused when idle: an action that blocks (even on this store)
        // holds only its own thread, and the next batch's futures are completed on another one.
        java.util.concurrent.atomic.AtomicInteger ackCount = new java.util.concurrent.atomic.AtomicInteger();
        this.acknowledgers = new java.util.concurrent.ThreadPoolExecutor(0, MAX_ACKNOWLEDGERS, 30, TimeUnit.SECONDS,
            new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(() -> {
                    acknowledgerThreads.add(Thread.currentThread());
                    try {
                        r.run();
                    } finally {
                        acknowledgerThreads.remove(Thread.currentThread());
                    }
                }, "slabml-store-ack-" + name + "-" + ackCount.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
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
     * @throws StoreFullException if the queue is full (and stays full for the timeout, when blocking)
     * @throws StoreException if the store is closed or the write failed
     */
    void append(SegmentedFile target, Encoder encoder) {
        LineBuffer line = encode(encoder);
        if (settings.durability() == Durability.SYNC) {
            appendSync(target, line);
            return;
        }
        boolean async = settings.durability() == Durability.ASYNC;
        Entry e = new Entry(target, line.toByteArray(), async ? null : Thread.currentThread(), null);
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
     * with a {@link StoreException}.
     *
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
                handOver(new Entry(target, line.toByteArray(), null, null), true);
                return CompletableFuture.completedFuture(null);
            default:
                CompletableFuture<Void> acknowledged = new CompletableFuture<>();
                handOver(new Entry(target, line.toByteArray(), null, acknowledged), false);
                return acknowledged;
        }
    }

    /** Encodes a record on the caller's thread into its reused line buffer. */
    private LineBuffer encode(Encoder encoder) {
        if (closing) {
            throw closed();
        }
        LineBuffer buf = LineBuffer.forThisThread();
        try {
            encoder.encode(buf);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.error("{} store: a record could not be encoded and was not written", name, e);
            throw new StoreException(name + " store: record could not be encoded: " + e.getMessage(), e);
        }
        return buf;
    }

    /**
     * Queues a record and wakes the writer if it sleeps: always when someone waits for the record,
     * for background writes only when the backlog grew or the writer is in deep sleep.
     */
    private void handOver(Entry e, boolean background) {
        enqueue(e, false);
        long backlog = queued.incrementAndGet() - processed;
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
        java.nio.channels.FileChannel channel;
        try {
            channel = target.append(line.array(), line.length(), true);
        } catch (IOException | RuntimeException e) {
            if (target.isClosed()) {
                // Refused before anything was written: close() won the race.
                throw refusedAsClosed();
            }
            throw syncWriteFailed(target, e);
        }
        try {
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            throw syncWriteFailed(target, e);
        }
        written.incrementAndGet();
        batches.incrementAndGet();
        fsyncs.incrementAndGet();
    }

    /** Returns once every record queued before this call is written (not necessarily forced). */
    void awaitWritten() {
        if (terminated || Thread.currentThread() == writer) {
            return;
        }
        Entry barrier = new Entry(null, null, Thread.currentThread(), null);
        enqueue(barrier, true);
        LockSupport.unpark(writer);
        if (terminated && queue.remove(barrier)) {
            return;
        }
        await(barrier);
    }

    StoreCounters counters() {
        return new StoreCounters(queued.get(), written.get(), rejected.sum(), failed.get(), batches.get(), fsyncs.get());
    }

    private void enqueue(Entry e, boolean barrier) {
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
            throw new StoreException(name + " store: interrupted while waiting for room in the queue", ie);
        }
    }

    private void await(Entry e) {
        boolean interrupted = false;
        while (e.state == PENDING) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (e.state == FAILED) {
            throw writeFailed(e.failure);
        }
    }

    private StoreException writeFailed(Throwable cause) {
        return new StoreException(name + " store: write failed: " + cause.getMessage(), cause);
    }

    private StoreException closed() {
        return new StoreException(name + " store is closed");
    }

    /** A record counted as queued that the closed store did not take after all. */
    private StoreException refusedAsClosed() {
        queued.decrementAndGet();
        return closed();
    }

    private StoreException syncWriteFailed(SegmentedFile target, Exception e) {
        failed.incrementAndGet();
        LOG.error("{} store: writing a record to {} failed", name, target.base(), e);
        return writeFailed(e);
    }

    // ---- writer thread

    private void run() {
        List<Entry> batch = new ArrayList<>(Math.min(settings.maxBatch(), 65_536));
        Set<SegmentedFile> targets = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        long lastWork = System.nanoTime();
        while (true) {
            batch.clear();
            queue.drainTo(batch, settings.maxBatch());
            if (!batch.isEmpty()) {
                process(batch, targets);
                lastWork = System.nanoTime();
                continue;
            }
            if (closing) {
                break;
            }
            if (!acknowledgementOverflow.isEmpty()) {
                // Parked acknowledgements whose last chance passed (a thread came free just before
                // they were parked): hand them to a free thread, if there is one by now.
                drainOverflowIfFree();
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
            process(batch, targets);
        }
        forcers.shutdown();
        boolean interrupted = false;
        while (!forcers.isTerminated()) {
            try {
                forcers.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (SegmentedFile f : targets) {
            try {
                if (settings.durability() == Durability.ASYNC) {
                    f.force();
                    fsyncs.incrementAndGet();
                }
                f.close();
            } catch (IOException e) {
                LOG.error("{} store: closing {} failed", name, f.base(), e);
            }
        }
    }

    private void process(List<Entry> batch, Set<SegmentedFile> targets) {
        Map<SegmentedFile, Pending> byTarget = new LinkedHashMap<>();
        List<Entry> barriers = null;
        List<Entry> withFutures = null;
        for (Entry e : batch) {
            if (e.target == null) {
                if (barriers == null) {
                    barriers = new ArrayList<>();
                }
                barriers.add(e);
                continue;
            }
            Pending p = byTarget.computeIfAbsent(e.target, t -> new Pending());
            p.entries.add(e);
            e.pending = p;
            if (e.acknowledged != null) {
                if (withFutures == null) {
                    withFutures = new ArrayList<>();
                }
                withFutures.add(e);
            }
        }
        List<Entry> futuresInOrder = withFutures == null ? List.of() : withFutures;
        // Write every file of the batch; then (BATCH) hand the forces to the force pool and go on with
        // the next batch while they run. Forces of consecutive batches overlap, and a journaling file
        // system commits overlapping forces together.
        boolean force = settings.durability() != Durability.ASYNC;
        List<Pending> toForce = new ArrayList<>(byTarget.size());
        List<Pending> done = new ArrayList<>(0);
        int recordsInBatch = 0;
        for (Map.Entry<SegmentedFile, Pending> t : byTarget.entrySet()) {
            Pending p = t.getValue();
            recordsInBatch += p.entries.size();
            targets.add(t.getKey());
            p.target = t.getKey();
            try {
                write(p, force);
            } catch (IOException | RuntimeException ex) {
                p.failure = ex;
            }
            if (force && p.failure == null) {
                toForce.add(p);
            } else {
                finish(p);
                done.add(p);
            }
        }
        acknowledge(done, futuresInOrder);
        if (recordsInBatch > 0) {
            batches.incrementAndGet();
        }
        processed += batch.size() - (barriers == null ? 0 : barriers.size());
        // Barriers wait for what was queued before them to be written, not forced.
        if (barriers != null) {
            for (Entry b : barriers) {
                complete(b, null);
            }
        }
        if (!toForce.isEmpty()) {
            // At most force_threads forces at once: while they all run, the queue fills up and the
            // next batch gets bigger instead of costing another force.
            forcePermits.acquireUninterruptibly();
            forcers.execute(() -> {
                try {
                    for (Pending p : toForce) {
                        try {
                            for (java.nio.channels.FileChannel channel : p.channels) {
                                channel.force(false);
                                fsyncs.incrementAndGet();
                            }
                        } catch (IOException | RuntimeException ex) {
                            p.failure = ex;
                        }
                        finish(p);
                    }
                    acknowledge(toForce, futuresInOrder);
                } finally {
                    forcePermits.release();
                }
            });
        }
    }

    /**
     * Copies the lines into the reused direct buffer and appends them: one write for the whole batch
     * unless it is larger than the buffer (then one write per buffer full, whole lines each). Records
     * in {@code p} every channel written, as the file may move to a new segment between two writes.
     */
    private void write(Pending p, boolean force) throws IOException {
        SegmentedFile target = p.target;
        ByteBuffer out = writeBuffer;
        out.clear();
        for (Entry e : p.entries) {
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
     * Counts a target's records as written or failed and wakes their blocked callers; their futures
     * are left to {@link #acknowledge}.
     */
    private void finish(Pending p) {
        Throwable failure = p.failure;
        if (failure == null) {
            written.addAndGet(p.entries.size());
        } else {
            failed.addAndGet(p.entries.size());
            LOG.error("{} store: writing {} records to {} failed", name, p.entries.size(), p.target.base(), failure);
        }
        for (Entry e : p.entries) {
            if (e.acknowledged == null) {
                complete(e, failure);
            }
        }
    }

    /**
     * Completes the futures of the batch's records that went to the {@code finished} targets, in the
     * order they were appended, on an acknowledgement thread in one hand-off, so that no dependent
     * action runs on the writer or a force thread.
     */
    private void acknowledge(List<Pending> finished, List<Entry> futuresInOrder) {
        if (finished.isEmpty() || futuresInOrder.isEmpty()) {
            return;
        }
        Runnable task = () -> {
            for (Entry e : futuresInOrder) {
                Pending p = e.pending;
                if (!containsSame(finished, p)) {
                    continue;
                }
                if (p.failure == null) {
                    e.acknowledged.complete(null);
                } else {
                    e.acknowledged.completeExceptionally(writeFailed(p.failure));
                }
            }
        };
        try {
            acknowledgers.execute(() -> {
                runOverflow();
                task.run();
                runOverflow();
            });
        } catch (java.util.concurrent.RejectedExecutionException saturated) {
            // Every acknowledgement thread is held by a dependent action that blocks. Never run the
            // actions here (the writer or a force thread): park the work for the next free thread,
            // or for close().
            acknowledgementOverflow.add(task);
            // A thread that came free just before the add may have looked already: try once more.
            drainOverflowIfFree();
            if (!acknowledgersSaturated) {
                acknowledgersSaturated = true;
                LOG.warn("{} store: all {} acknowledgement threads are held by dependent actions that block; "
                    + "acknowledgements wait for one to come free", name, MAX_ACKNOWLEDGERS);
            }
        }
    }

    /** Hands the parked acknowledgements to a free acknowledgement thread, if any; never blocks. */
    private void drainOverflowIfFree() {
        try {
            acknowledgers.execute(this::runOverflow);
        } catch (java.util.concurrent.RejectedExecutionException stillBusy) {
            // Every thread is still held; each runs the parked work when it comes free.
        }
    }

    private void runOverflow() {
        Runnable parked;
        while ((parked = acknowledgementOverflow.poll()) != null) {
            parked.run();
        }
    }

    private static boolean containsSame(List<Pending> list, Pending p) {
        for (Pending q : list) {
            if (q == p) {
                return true;
            }
        }
        return false;
    }

    private static void complete(Entry e, Throwable failure) {
        if (failure != null) {
            e.failure = failure;
            e.state = FAILED;
        } else {
            e.state = DONE;
        }
        if (e.waiter != null) {
            LockSupport.unpark(e.waiter);
        }
    }

    /**
     * A bounded multi-producer queue without locks: callers never wait for the writer's drain (a
     * lock held by the drain is what an occasional caller would otherwise park on). Waiting for room
     * when full polls, which only happens under overload.
     */
    private static final class BoundedQueue {
        private static final long FULL_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
        private final ConcurrentLinkedQueue<Entry> items = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final int capacity;

        BoundedQueue(int capacity) {
            this.capacity = capacity;
        }

        boolean offer(Entry e) {
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                return false;
            }
            items.offer(e);
            return true;
        }

        boolean offer(Entry e, long timeout, TimeUnit unit) throws InterruptedException {
            long nanos = unit.toNanos(timeout);
            long start = System.nanoTime();
            while (!offer(e)) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : nanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, Math.min(left, FULL_POLL_NANOS));
            }
            return true;
        }

        boolean remove(Entry e) {
            if (items.remove(e)) {
                size.decrementAndGet();
                return true;
            }
            return false;
        }

        boolean isEmpty() {
            return items.isEmpty();
        }

        void drainTo(List<Entry> out) {
            drainTo(out, Integer.MAX_VALUE);
        }

        void drainTo(List<Entry> out, int max) {
            int n = 0;
            Entry e;
            while (n < max && (e = items.poll()) != null) {
                out.add(e);
                n++;
            }
            if (n > 0) {
                size.addAndGet(-n);
            }
        }
    }

    private static final class Pending {
        final List<Entry> entries = new ArrayList<>();
        /** The channels written, in order (one unless the file moved to a new segment). */
        final List<java.nio.channels.FileChannel> channels = new ArrayList<>(1);
        SegmentedFile target;
        volatile Throwable failure;

        void wrote(java.nio.channels.FileChannel channel) {
            if (channels.isEmpty() || channels.get(channels.size() - 1) != channel) {
                channels.add(channel);
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
        // The writer waited for the forces; this only matters if it died. Then every future is handed
        // over: wait until they are completed, unless this is an acknowledgement thread closing the
        // store from a dependent action, and not forever for actions that block.
        forcers.shutdown();
        acknowledgers.shutdown();
        if (!acknowledgerThreads.contains(Thread.currentThread())) {
            try {
                forcers.awaitTermination(CLOSE_ACK_WAIT_SECONDS, TimeUnit.SECONDS);
                if (!acknowledgers.awaitTermination(CLOSE_ACK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("{} store: closed while dependent actions of {} acknowledgement threads still run",
                        name, acknowledgers.getActiveCount());
                }
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                // What no acknowledgement thread was free for (this is not one of the store's threads).
                runOverflow();
            }
        }
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
