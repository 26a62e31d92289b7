/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.SkippedLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines the readers of one store skipped because they could not be decoded: each logged once
 * at WARN (file, line, reason) and kept, the first {@value #KEEP} of them, however often it is read again.
 */
final class SkippedLines {
    static final int KEEP = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(SkippedLines.class);

    private final Map<String, SkippedLine> lines = new LinkedHashMap<>();
    private long total;

    /** Records that {@code line} of {@code file} was skipped; logs it the first time. */
    void skipped(String file, long line, String reason) {
        String key = file + '\n' + line;
        synchronized (this) {
            if (lines.containsKey(key)) {
                return;
            }
            total++;
            if (lines.size() < KEEP) {
                lines.put(key, new SkippedLine(file, line, reason));
            } else if (total > KEEP + 1) {
                return;
            }
        }
        LOG.warn("{} line {}: skipped a line that cannot be read ({}); the lines around it are read", file, line, reason);
    }

    /** The lines skipped so far, oldest first (at most {@value #KEEP}). */
    synchronized List<SkippedLine> list() {
        return List.copyOf(new ArrayList<>(lines.values()));
    }

    /** How many distinct lines were skipped, including those not kept. */
    synchronized long count() {
        return total;
    }
}
