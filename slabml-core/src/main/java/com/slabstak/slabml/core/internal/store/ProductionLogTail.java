/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a month's log from a position ({@code <segment>:<byte offset>:<line>}) to at most a limit
 * of records: it opens the segment at the byte offset, so only the lines after the position are
 * read and decoded. An incomplete last line is left for the next read.
 */
final class ProductionLogTail {
    private ProductionLogTail() {
    }

    static ProductionLogStore.Page read(List<Path> segments, Path root, String position, int limit,
        RecordIterator.Decoder<ProductionRecord> decoder) {
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1, was " + limit);
        }
        long[] at = parse(position);
        int segment = (int) at[0];
        long offset = at[1];
        long line = at[2];
        List<ProductionRecord> out = new ArrayList<>();
        while (segment < segments.size() && out.size() < limit) {
            Path file = segments.get(segment);
            String name = RecordIterator.display(root, file);
            try (LineReader r = LineReader.open(file, offset, line + 1)) {
                String text;
                while (out.size() < limit && (text = r.next()) != null) {
                    ProductionRecord record = decoder.decode(text, name, r.lineNumber());
                    if (record != null) {
                        out.add(record);
                    }
                }
                offset = r.offset();
                line = r.lineNumber();
                if (out.size() >= limit || segment == segments.size() - 1) {
                    break;
                }
            } catch (IOException e) {
                throw new StoreException("reading " + name + " failed: " + e.getMessage(), e);
            }
            segment++;
            offset = 0;
            line = 0;
        }
        return new ProductionLogStore.Page(out, segment + ":" + offset + ":" + line);
    }

    private static long[] parse(String position) {
        if (position.isEmpty()) {
            return new long[] {0, 0, 0};
        }
        String[] parts = position.split(":", -1);
        try {
            if (parts.length == 3) {
                long[] at = {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])};
                if (at[0] >= 0 && at[0] < Integer.MAX_VALUE && at[1] >= 0 && at[2] >= 0) {
                    return at;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("position", "not a position of the file store: '" + position + "'");
    }
}
