/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the complete lines of one file in constant memory, from a start offset up to the size the
 * file had when it was opened. A last line without its newline (a torn write, or an append still in
 * progress in another process) is never returned; {@link #tornBytes()} tells its length.
 */
final class LineReader implements Closeable {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private long remaining;
    private byte[] line = new byte[512];
    private int lineLen;
    private long lineNumber;
    private long offset;
    private long tornBytes;
    private boolean eof;

    private LineReader(InputStream in, long start, long end, long firstLineNumber) {
        this.in = in;
        this.remaining = Math.max(0, end - start);
        this.offset = start;
        this.lineNumber = firstLineNumber - 1;
    }

    /** Opens {@code file} from {@code start} (a line boundary); a missing file reads as empty. */
    static LineReader open(Path file, long start, long firstLineNumber) throws IOException {
        InputStream in;
        long size;
        try {
            in = Files.newInputStream(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return new LineReader(InputStream.nullInputStream(), 0, 0, firstLineNumber);
        }
        if (start > 0) {
            in.skipNBytes(Math.min(start, size));
        }
        return new LineReader(in, start, size, firstLineNumber);
    }

    /** Returns the next complete, non-blank line, or {@code null} at the end. */
    String next() throws IOException {
        while (true) {
            lineLen = 0;
            boolean complete = false;
            while (!complete) {
                if (pos == lim && !fill()) {
                    break;
                }
                int start = pos;
                while (pos < lim && buf[pos] != '\n') {
                    pos++;
                }
                append(start, pos - start);
                if (pos < lim) {
                    pos++;
                    complete = true;
                }
            }
            if (!complete) {
                tornBytes = lineLen;
                return null;
            }
            lineNumber++;
            offset += lineLen + 1;
            if (!isBlank()) {
                int len = lineLen > 0 && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
                return new String(line, 0, len, StandardCharsets.UTF_8);
            }
        }
    }

    /** The 1-based number of the line last returned (or skipped as blank). */
    long lineNumber() {
        return lineNumber;
    }

    /** The byte offset just after the last complete line read. */
    long offset() {
        return offset;
    }

    /** The length of an unterminated last line found at the end, 0 if none. */
    long tornBytes() {
        return tornBytes;
    }

    private boolean isBlank() {
        for (int i = 0; i < lineLen; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private void append(int start, int len) {
        if (lineLen + len > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + len));
        }
        System.arraycopy(buf, start, line, lineLen, len);
        lineLen += len;
    }

    private boolean fill() throws IOException {
        if (eof || remaining == 0) {
            return false;
        }
        int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
        if (n <= 0) {
            eof = true;
            return false;
        }
        remaining -= n;
        pos = 0;
        lim = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
