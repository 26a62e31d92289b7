/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The sample ids each task holds, so that a sample appended again under the same id (a retry) is
 * recognised instead of stored twice. Ids are kept as 64-bit hashes (16 bytes per sample), loaded
 * per task on its first append by one scan of its files; a hash seen before only says "maybe
 * stored", which the store confirms against the stored samples (a scan, paid by retries only).
 *
 * <p>Two appends of one id at the same time are serialised: the second waits for the first's
 * outcome ({@link #claim}), then checks again.
 */
final class SampleIds {
    private final Function<String, LongSet> loader;
    private final Map<String, LongSet> byTask = new HashMap<>();
    private final ConcurrentHashMap<Long, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /** @param loader scans the stored samples of a task and returns the hashes of their ids */
    SampleIds(Function<String, LongSet> loader) {
        this.loader = loader;
    }

    /** One append of an id in progress; {@link #release} it with the outcome. */
    final class Claim {
        private final String task;
        private final long hash;
        private final CompletableFuture<Void> done;
        /** Whether an id with this hash was stored (or attempted) before: confirm before writing. */
        final boolean seen;

        private Claim(String task, long hash, CompletableFuture<Void> done, boolean seen) {
            this.task = task;
            this.hash = hash;
            this.done = done;
            this.seen = seen;
        }

        /**
         * Ends the append: {@code mayBeStored} keeps the id as known (written, or an unknown outcome);
         * false forgets it (nothing was written), so a retry needs no confirmation.
         */
        void release(boolean mayBeStored) {
            if (!mayBeStored) {
                synchronized (SampleIds.this) {
                    LongSet set = byTask.get(task);
                    if (set != null) {
                        set.remove(hash);
                    }
                }
            }
            inFlight.remove(hash, done);
            done.complete(null);
        }
    }

    /** Claims {@code id} of {@code task} for one append, waiting while another append of it runs. */
    Claim claim(String task, String id) {
        long hash = hash(task, id);
        CompletableFuture<Void> mine = new CompletableFuture<>();
        while (true) {
            CompletableFuture<Void> other = inFlight.putIfAbsent(hash, mine);
            if (other == null) {
                break;
            }
            other.join();
        }
        boolean seen;
        synchronized (this) {
            LongSet set;
            try {
                set = setOf(task);
            } catch (RuntimeException unreadable) {
                // The task's files cannot be read now; the write decides (it fails the same way, or
                // succeeds once they can be read, and the ids are loaded on the next append).
                set = null;
            }
            seen = set != null && !set.add(hash);
        }
        return new Claim(task, hash, mine, seen);
    }

    private LongSet setOf(String task) {
        return byTask.computeIfAbsent(task, loader);
    }

    /** A 64-bit hash of a task and an id (FNV-1a over the characters, then mixed). */
    static long hash(String task, String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < task.length(); i++) {
            h = (h ^ task.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ 0xFFFF) * 0x100000001b3L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** A set of longs by open addressing; 0 stands for an empty slot (and is stored as 1). */
    static final class LongSet {
        private long[] slots = new long[64];
        private int size;

        boolean add(long v) {
            v = v == 0 ? 1 : v;
            if ((size + 1) * 2 > slots.length) {
                grow();
            }
            int mask = slots.length - 1;
            for (int i = (int) v & mask; ; i = (i + 1) & mask) {
                if (slots[i] == v) {
                    return false;
                }
                if (slots[i] == 0) {
                    slots[i] = v;
                    size++;
                    return true;
                }
            }
        }

        void remove(long v) {
            v = v == 0 ? 1 : v;
            int mask = slots.length - 1;
            int i = (int) v & mask;
            while (slots[i] != 0 && slots[i] != v) {
                i = (i + 1) & mask;
            }
            if (slots[i] == 0) {
                return;
            }
            slots[i] = 0;
            size--;
            // Re-insert the rest of the run, so that lookups past the hole still find them.
            for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
                long moved = slots[j];
                slots[j] = 0;
                size--;
                add(moved);
            }
        }

        int size() {
            return size;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (long v : old) {
                if (v != 0) {
                    add(v);
                }
            }
        }

        @Override
        public String toString() {
            return "LongSet" + Arrays.toString(Arrays.copyOf(slots, Math.min(8, slots.length)));
        }
    }
}
