/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.StoreFullException;
import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.spi.StoreSettings;
import com.slabstak.slabml.spi.WhenFull;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one table's records with the store's durability.
 * <ul>
 *   <li>{@code SYNC}: the calling thread inserts and commits its record.</li>
 *   <li>{@code BATCH}: records queue; one writer thread inserts what is queued (up to
 *       {@code max_batch}) in one statement and one commit, and acknowledges every record of the
 *       batch after that commit (group commit). Futures complete on an acknowledgement thread, in
 *       append order, never on the writer.</li>
 *   <li>{@code ASYNC}: acknowledged once queued; the writer retries a failed batch until it is
 *       written or the store is closed (inserts are idempotent by record id), and logs at ERROR
 *       what it could not write by then, so nothing disappears silently.</li>
 * </ul>
 * A full queue waits up to {@code block_timeout} ({@code BLOCK}) or refuses at once
 * ({@code REJECT}) with {@link StoreFullException}. Internal.
 *
 * @param <T> the record type
 */
final class BatchWriter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Inserts records in a transaction the writer commits. */
    @FunctionalInterface
    interface Sink<T> {
        void insert(Connection c, List<T> records) throws SQLException;
    }

    private record Pending<T>(T record, CompletableFuture<Void> ack) {
    }

    private final String name;
    private final Database db;
    private final StoreSettings settings;
    private final Sink<T> sink;
    private final ArrayBlockingQueue<Pending<T>> queue;
    private final Thread writer;
    private final ExecutorService acks;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Object progress = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long processed;
    private volatile boolean closed;

    BatchWriter(String name, Database db, StoreSettings settings, Sink<T> sink) {
        this.name = name;
        this.db = db;
        this.settings = settings;
        this.sink = sink;
        if (settings.durability() == Durability.SYNC) {
            this.queue = null;
            this.writer = null;
            this.acks = null;
        } else {
            this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
            this.acks = Executors.newSingleThreadExecutor(r -> daemon(r, "slabml-postgres-" + name + "-ack"));
            this.writer = daemon(this::run, "slabml-postgres-" + name + "-writer");
            this.writer.start();
        }
    }

    /** The durability this writer gives. */
    Durability durability() {
        return settings.durability();
    }

    /**
     * Writes a record and returns once it is acknowledged: committed ({@code SYNC}, {@code BATCH})
     * or queued ({@code ASYNC}).
     *
     * @throws StoreException with the outcome when it could not be written
     * @throws StoreFullException when the queue stayed full
     */
    void append(T record) {
        if (settings.durability() == Durability.SYNC) {
            writeNow(record);
            return;
        }
        CompletableFuture<Void> ack = submit(record);
        if (settings.durability() == Durability.BATCH) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw unwrap(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(name + ": interrupted while waiting for the commit; the record may be stored",
                    e, StoreException.Outcome.UNKNOWN);
            }
        }
    }

    /**
     * Accepts a record and returns a future that completes when it is acknowledged: after its
     * commit under {@code BATCH}; at once under {@code ASYNC}; under {@code SYNC} the record is
     * committed before this returns.
     */
    CompletableFuture<Void> appendAsync(T record) {
        if (settings.durability() == Durability.SYNC) {
            writeNow(record);
            return CompletableFuture.completedFuture(null);
        }
        return submit(record);
    }

    private CompletableFuture<Void> submit(T record) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        Pending<T> p = new Pending<>(record, settings.durability() == Durability.BATCH ? ack : null);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new StoreException(name + ": the store is closed", null, StoreException.Outcome.NOT_WRITTEN);
            }
            boolean queued;
            if (settings.whenFull() == WhenFull.REJECT) {
                queued = queue.offer(p);
            } else {
                try {
                    queued = queue.offer(p, settings.blockTimeout().toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(name + ": interrupted while waiting for room in the queue", e,
                        StoreException.Outcome.NOT_WRITTEN);
                }
            }
            if (!queued) {
                throw new StoreFullException(name + ": the queue of " + settings.queueCapacity() + " records is full"
                    + (settings.whenFull() == WhenFull.BLOCK ? " after waiting " + settings.blockTimeout() : "")
                    + "; nothing was stored");
            }
            accepted.incrementAndGet();
        } finally {
            lifecycle.readLock().unlock();
        }
        if (settings.durability() == Durability.ASYNC) {
            ack.complete(null);
        }
        return ack;
    }

    /** Waits until every record accepted before this call was written (or failed): read your writes. */
    void awaitWritten() {
        if (queue == null) {
            return;
        }
        long target = accepted.get();
        synchronized (progress) {
            while (processed < target && writer.isAlive()) {
                try {
                    progress.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(name + ": interrupted while waiting for queued records", e);
                }
            }
        }
    }

    /** Records committed so far by this writer. */
    long committed() {
        return committed.get();
    }

    /** Records this writer gave up on (reported to their callers, or logged under ASYNC). */
    long failed() {
        return failed.get();
    }

    private void writeNow(T record) {
        List<T> one = List.of(record);
        try {
            insertAndCommit(one);
            committed.incrementAndGet();
        } catch (StoreException e) {
            failed.incrementAndGet();
            throw e;
        }
    }

    /** Inserts and commits in one transaction; the exception's outcome says what may be stored. */
    private void insertAndCommit(List<T> records) {
        Connection c;
        try {
            c = db.connection();
        } catch (SQLException e) {
            throw new StoreException(name + ": no connection to " + db + ": " + e.getMessage(), e,
                StoreException.Outcome.NOT_WRITTEN);
        }
        try (c) {
            c.setAutoCommit(false);
            try {
                sink.insert(c, records);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw new StoreException(name + ": insert of " + records.size() + " record(s) failed: " + e.getMessage(),
                    e, StoreException.Outcome.NOT_WRITTEN);
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw new StoreException(name + ": commit of " + records.size() + " record(s) failed: " + e.getMessage()
                    + "; they may be stored (retrying with the same ids stores them once)", e, commitOutcome(e));
            }
        } catch (SQLException closing) {
            LOG.debug("{}: closing a connection failed", name, closing);
        }
    }

    /** A commit that the server refused surely rolled back; a lost connection leaves it unknown. */
    static StoreException.Outcome commitOutcome(SQLException e) {
        String state = e.getSQLState();
        boolean connection = state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("XX000");
        return connection ? StoreException.Outcome.UNKNOWN : StoreException.Outcome.NOT_WRITTEN;
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>(Math.min(settings.maxBatch(), 65_536));
        while (true) {
            Pending<T> first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, settings.maxBatch() - 1);
            if (settings.durability() == Durability.ASYNC && batch.size() < settings.maxBatch()
                && !settings.flushInterval().isZero() && !closed) {
                // Let a trickle of records gather into one statement.
                parkQuietly(settings.flushInterval());
                queue.drainTo(batch, settings.maxBatch() - batch.size());
            }
            write(batch);
            synchronized (progress) {
                processed += batch.size();
                progress.notifyAll();
            }
            batch.clear();
        }
    }

    private void write(List<Pending<T>> queued) {
        List<Pending<T>> batch = List.copyOf(queued); // the writer reuses its list; acknowledgements run later
        List<T> records = new ArrayList<>(batch.size());
        for (Pending<T> p : batch) {
            records.add(p.record());
        }
        if (settings.durability() == Durability.ASYNC) {
            writeUntilDone(records);
            return;
        }
        StoreException failure = null;
        try {
            insertAndCommit(records);
        } catch (StoreException e) {
            failure = e;
        }
        if (failure != null && failure.outcome() == StoreException.Outcome.NOT_WRITTEN && records.size() > 1) {
            // One bad record must not fail the others: write them one by one.
            writeOneByOne(batch);
            return;
        }
        if (failure == null) {
            committed.addAndGet(records.size());
        } else {
            failed.addAndGet(records.size());
            LOG.warn("{}: a batch of {} record(s) was not acknowledged: {}", name, records.size(), failure.getMessage());
        }
        StoreException f = failure;
        acks.execute(() -> {
            for (Pending<T> p : batch) {
                if (f == null) {
                    p.ack().complete(null);
                } else {
                    p.ack().completeExceptionally(f);
                }
            }
        });
    }

    private void writeOneByOne(List<Pending<T>> batch) {
        List<StoreException> outcomes = new ArrayList<>(batch.size());
        for (Pending<T> p : batch) {
            try {
                insertAndCommit(List.of(p.record()));
                committed.incrementAndGet();
                outcomes.add(null);
            } catch (StoreException e) {
                failed.incrementAndGet();
                outcomes.add(e);
            }
        }
        acks.execute(() -> {
            for (int i = 0; i < batch.size(); i++) {
                if (outcomes.get(i) == null) {
                    batch.get(i).ack().complete(null);
                } else {
                    batch.get(i).ack().completeExceptionally(outcomes.get(i));
                }
            }
        });
    }

    /** ASYNC: the records were acknowledged when queued, so keep trying while the store is open. */
    private void writeUntilDone(List<T> records) {
        Duration backoff = Duration.ofMillis(50);
        long deadline = Long.MAX_VALUE;
        while (true) {
            try {
                insertAndCommit(records);
                committed.addAndGet(records.size());
                return;
            } catch (StoreException e) {
                if (closed && deadline == Long.MAX_VALUE) {
                    deadline = System.nanoTime() + settings.blockTimeout().toNanos();
                }
                if (System.nanoTime() >= deadline) {
                    failed.addAndGet(records.size());
                    LOG.error("{}: {} queued record(s) could not be written before the store closed and are lost: {}",
                        name, records.size(), e.getMessage(), e);
                    return;
                }
                LOG.warn("{}: writing {} queued record(s) failed; retrying in {} ms: {}", name, records.size(),
                    backoff.toMillis(), e.getMessage());
                parkQuietly(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static void parkQuietly(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static StoreException unwrap(Throwable t) {
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof StoreException) {
            return (StoreException) t;
        }
        return new StoreException(t.getMessage(), t);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Refuses new records, writes what is queued and stops the threads. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        if (writer != null) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            acks.shutdown();
            try {
                acks.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
