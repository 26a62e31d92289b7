/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.TaskName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded cache of parsed answers keyed by task, model and input, with an expiry measured on the
 * clock. Least recently used entries go first when the bound is reached. Thread-safe.
 */
final class ResponseCache {
    record Key(TaskName task, String model, String input) {
    }

    private static final class Entry {
        final Map<String, Object> output;
        final Instant expiresAt;

        Entry(Map<String, Object> output, Instant expiresAt) {
            this.output = output;
            this.expiresAt = expiresAt;
        }
    }

    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<Key, Entry> entries;

    ResponseCache(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > ResponseCache.this.maxEntries;
            }
        };
    }

    synchronized Optional<Map<String, Object>> get(Key key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expiresAt)) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.output);
    }

    synchronized void put(Key key, Map<String, Object> output) {
        entries.put(key, new Entry(output, clock.instant().plus(ttl)));
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
    }
}
