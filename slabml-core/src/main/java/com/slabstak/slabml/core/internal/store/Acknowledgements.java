/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.StoreException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Completes the futures of {@link AppendLog#appendAsync} on threads of their own, so that no caller
 * code runs on the writer or a force thread: a thread per busy acknowledgement, reused when idle.
 * An action that blocks (even on this store) holds only its own thread, and the next batch's futures
 * are completed on another one. When every thread is held, the work is parked for the next free one.
 */
final class Acknowledgements {
    /** Acknowledgement threads at most; more are only needed while dependent actions block. */
    static final int MAX_THREADS = 256;
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final Logger log;
    private final String name;
    private final Function<Throwable, StoreException> toException;
    private final ThreadPoolExecutor threads;
    private final Set<Thread> own = ConcurrentHashMap.newKeySet();
    /** Acknowledgements handed over while every thread was busy; run by the next free one. */
    private final ConcurrentLinkedQueue<Runnable> overflow = new ConcurrentLinkedQueue<>();
    private volatile boolean saturated;

    Acknowledgements(Logger log, String name, Function<Throwable, StoreException> toException) {
        this.log = log;
        this.name = name;
        this.toException = toException;
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(() -> {
                own.add(Thread.currentThread());
                try {
                    r.run();
                } finally {
                    own.remove(Thread.currentThread());
                }
            }, "slabml-store-ack-" + name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Completes the futures of the batch's records that went to the {@code finished} targets, in the
     * order they were appended, on an acknowledgement thread in one hand-off.
     */
    void acknowledge(List<LogEntry.TargetBatch> finished, List<LogEntry> futuresInOrder) {
        if (finished.isEmpty() || futuresInOrder.isEmpty()) {
            return;
        }
        Runnable task = () -> {
            for (LogEntry e : futuresInOrder) {
                if (!containsSame(finished, e.batch)) {
                    continue;
                }
                Throwable failure = e.failure;
                if (failure == null) {
                    e.acknowledged.complete(null);
                } else {
                    e.acknowledged.completeExceptionally(toException.apply(failure));
                }
            }
        };
        try {
            threads.execute(() -> {
                runOverflow();
                task.run();
                runOverflow();
            });
        } catch (RejectedExecutionException busy) {
            // Every thread is held by a dependent action that blocks. Never run the actions here (the
            // writer or a force thread): park the work for the next free thread, or for close().
            overflow.add(task);
            // A thread that came free just before the add may have looked already: try once more.
            drainIfFree();
            if (!saturated) {
                saturated = true;
                log.warn("{} store: all {} acknowledgement threads are held by dependent actions that block; "
                    + "acknowledgements wait for one to come free", name, MAX_THREADS);
            }
        }
    }

    /** Whether acknowledgements are parked for want of a free thread. */
    boolean hasOverflow() {
        return !overflow.isEmpty();
    }

    /** Hands the parked acknowledgements to a free thread, if any; never blocks. */
    void drainIfFree() {
        try {
            threads.execute(this::runOverflow);
        } catch (RejectedExecutionException stillBusy) {
            // Every thread is still held; each runs the parked work when it comes free.
        }
    }

    private void runOverflow() {
        Runnable parked;
        while ((parked = overflow.poll()) != null) {
            parked.run();
        }
    }

    /**
     * Stops taking work and waits (not forever) for the handed-over futures to be completed, unless
     * the caller is an acknowledgement thread (a dependent action closing the store).
     *
     * @return whether the caller was interrupted
     */
    boolean shutdown() {
        threads.shutdown();
        if (own.contains(Thread.currentThread())) {
            return false;
        }
        boolean interrupted = false;
        try {
            if (!threads.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("{} store: closed while dependent actions of {} acknowledgement threads still run",
                    name, threads.getActiveCount());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            // What no acknowledgement thread was free for (the caller is not one of the store's threads).
            runOverflow();
        }
        return interrupted;
    }

    private static boolean containsSame(List<LogEntry.TargetBatch> list, LogEntry.TargetBatch b) {
        for (LogEntry.TargetBatch q : list) {
            if (q == b) {
                return true;
            }
        }
        return false;
    }
}
