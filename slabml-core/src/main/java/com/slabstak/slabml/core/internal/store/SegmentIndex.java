/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.core.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Record counts of a segment kept in a small sidecar ({@code <segment>.idx}): how many records (in
 * total and per key, for example per task) the first {@code bytes} bytes hold. Counting reads the
 * sidecar and scans only what was appended after it, then moves the sidecar forward. The sidecar is
 * a cache: when it is missing, unreadable or longer than its segment, the segment is rescanned.
 */
final class SegmentIndex {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentIndex.class);

    /** Extracts the key a record is counted under. */
    @FunctionalInterface
    interface KeyFunction {
        String key(String line, String file, long lineNumber);
    }

    /** Counts of the first {@code bytes} bytes of a segment, which hold {@code lines} lines. */
    record Counts(long bytes, long lines, long records, Map<String, Long> byKey) {
    }

    private SegmentIndex() {
    }

    static Path sidecar(Path segment) {
        return segment.resolveSibling(segment.getFileName() + ".idx");
    }

    /** Counts the complete records of {@code segment}, grouped by {@code keys} when not null. */
    static Counts count(Path root, Path segment, KeyFunction keys) {
        Path idx = sidecar(segment);
        Counts start = read(idx);
        String name = RecordIterator.display(root, segment);
        try {
            long size = Files.size(segment);
            if (start == null || start.bytes() > size) {
                start = new Counts(0, 0, 0, Map.of());
            }
            long records = start.records();
            Map<String, Long> byKey = new TreeMap<>(start.byKey());
            long bytes;
            long lines;
            try (LineReader r = LineReader.open(segment, start.bytes(), start.lines() + 1)) {
                String line;
                while ((line = r.next()) != null) {
                    records++;
                    if (keys != null) {
                        String key;
                        try {
                            key = keys.key(line, name, r.lineNumber());
                        } catch (RuntimeException unreadable) {
                            // Not counted under any key; reading the file skips and reports it.
                            continue;
                        }
                        byKey.merge(key, 1L, Long::sum);
                    }
                }
                bytes = r.offset();
                lines = r.lineNumber();
            }
            Counts out = new Counts(bytes, lines, records, byKey);
            if (bytes > start.bytes()) {
                write(idx, out);
            }
            return out;
        } catch (java.nio.file.NoSuchFileException e) {
            return new Counts(0, 0, 0, Map.of());
        } catch (IOException e) {
            throw new StoreException("counting " + name + " failed: " + e.getMessage(), e);
        }
    }

    private static Counts read(Path idx) {
        if (!Files.exists(idx)) {
            return null;
        }
        try {
            Map<String, Object> m = Json.readObject(Files.readString(idx, StandardCharsets.UTF_8));
            Map<String, Long> byKey = new TreeMap<>();
            Object keys = m.get("by_key");
            if (keys instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) keys).entrySet()) {
                    byKey.put(String.valueOf(e.getKey()), ((Number) e.getValue()).longValue());
                }
            }
            return new Counts(((Number) m.get("bytes")).longValue(), ((Number) m.get("lines")).longValue(),
                ((Number) m.get("records")).longValue(), byKey);
        } catch (IOException | RuntimeException e) {
            LOG.debug("ignoring unreadable index {}", idx, e);
            return null;
        }
    }

    private static void write(Path idx, Counts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", c.bytes());
        m.put("lines", c.lines());
        m.put("records", c.records());
        if (!c.byKey().isEmpty()) {
            m.put("by_key", c.byKey());
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(idx.getParent(), idx.getFileName().toString(), ".tmp");
            Files.writeString(tmp, Json.write(m) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, idx, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, idx, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.debug("could not update index {}", idx, e);
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    LOG.trace("could not delete {}", tmp, ignored);
                }
            }
        }
    }
}
