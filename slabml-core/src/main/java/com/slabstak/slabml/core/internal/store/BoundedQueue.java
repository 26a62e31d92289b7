/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded multi-producer queue without locks: callers never wait for the writer's drain (a
 * lock held by the drain is what an occasional caller would otherwise park on). Waiting for room
 * when full polls, which only happens under overload.
 */
final class BoundedQueue {
    private static final long FULL_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private final ConcurrentLinkedQueue<LogEntry> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    BoundedQueue(int capacity) {
        this.capacity = capacity;
    }

    boolean offer(LogEntry e) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        items.offer(e);
        return true;
    }

    boolean offer(LogEntry e, long timeout, TimeUnit unit) throws InterruptedException {
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

    boolean remove(LogEntry e) {
        if (items.remove(e)) {
            size.decrementAndGet();
            return true;
        }
        return false;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    void drainTo(List<LogEntry> out) {
        drainTo(out, Integer.MAX_VALUE);
    }

    void drainTo(List<LogEntry> out, int max) {
        int n = 0;
        LogEntry e;
        while (n < max && (e = items.poll()) != null) {
            out.add(e);
            n++;
        }
        if (n > 0) {
            size.addAndGet(-n);
        }
    }
}
