/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * A stored line a reader could not decode and skipped, so that the lines around it still read:
 * where it is and why it was skipped.
 *
 * <pre>{@code
 * for (SkippedLine s : collector.stats().skippedLines()) {
 *     System.out.println(s);   // training_data/card_identification.jsonl line 42: not a JSON object: ...
 * }
 * }</pre>
 *
 * @param file the file, relative to the data directory (or the table, for a database store)
 * @param line the 1-based line number (or row id)
 * @param reason why it could not be read
 * @since 0.2
 */
public record SkippedLine(String file, long line, String reason) {
    /**
     * Checks the parts.
     *
     * @throws NullPointerException if {@code file} or {@code reason} is null
     * @param file the file, relative to the data directory (or the table, for a database store)
     * @param line the 1-based line number (or row id)
     * @param reason why it could not be read
     */
    public SkippedLine {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return file + " line " + line + ": " + reason;
    }
}
