/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n}, optional {@code \r}) without decoding them, holding
 * at most {@code max} bytes of a line: a longer line is only measured. Counts the bytes consumed,
 * for progress. Not thread-safe.
 */
final class ByteLines {
    private final InputStream in;
    private final int max;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkLen;
    private byte[] buf = new byte[8192];
    private int length;
    private long fullLength;
    private boolean tooLong;
    private long consumed;

    ByteLines(InputStream in, int max) {
        this.in = in;
        this.max = max;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
        if (buf.length > (1 << 20)) {
            buf = new byte[8192];
        }
        length = 0;
        fullLength = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    break;
                }
            }
            any = true;
            int start = chunkPos;
            int end = start;
            while (end < chunkLen && chunk[end] != '\n') {
                end++;
            }
            append(start, end - start);
            chunkPos = end < chunkLen ? end + 1 : end;
            consumed += chunkPos - start;
            if (end < chunkLen) {
                break;
            }
        }
        if (!any) {
            return false;
        }
        if (!tooLong && length > 0 && buf[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    private void append(int from, int n) {
        fullLength += n;
        if (tooLong || n == 0) {
            return;
        }
        if ((long) length + n > max) {
            tooLong = true;
            return;
        }
        if (length + n > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, length + n), max));
        }
        System.arraycopy(chunk, from, buf, length, n);
        length += n;
    }

    /** The line's bytes, from 0 to {@link #length()}, unless it is {@link #tooLong()}. */
    byte[] bytes() {
        return buf;
    }

    /** The line's length in bytes (its full length when it is too long to hold). */
    int length() {
        return tooLong ? (int) Math.min(Integer.MAX_VALUE, fullLength) : length;
    }

    /** Whether the line is longer than the most held. */
    boolean tooLong() {
        return tooLong;
    }

    /** Bytes consumed so far, line ends included. */
    long consumed() {
        return consumed;
    }
}
