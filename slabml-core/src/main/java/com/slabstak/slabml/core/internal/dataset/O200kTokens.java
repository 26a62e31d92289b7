/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts tokens of {@code o200k_base} as tiktoken does (the same pre-tokenizing pattern, then
 * byte-pair merges by lowest rank, leftmost first), from the rank file jtokkit ships, held in one
 * byte array and an open-addressing table of ints. It loads in a fraction of the time jtokkit
 * takes to build its maps, which is most of a short command's run. Counts only: token ids and
 * pieces longer than {@value #MAX_PIECE_BYTES} bytes are left to jtokkit. Immutable once loaded;
 * thread-safe.
 *
 * <p>With the system property {@value #CACHE_PROPERTY} naming a directory, the table is read from
 * {@code o200k_base.bin} there (a few milliseconds), and written there after a load from the rank
 * file when it is missing; the command line's distribution ships one.
 */
final class O200kTokens {
    /** Pieces longer than this are merged by jtokkit, whose algorithm for long pieces is not quadratic. */
    static final int MAX_PIECE_BYTES = 256;
    private static final String RESOURCE = "/com/knuddels/jtokkit/o200k_base.tiktoken";
    /** tiktoken's o200k_base pattern, with jtokkit's flags. */
    private static final Pattern PATTERN = Pattern.compile(String.join("|",
        "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
        "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
        "\\p{N}{1,3}",
        " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
        "\\s*[\\r\\n]+",
        "\\s+(?!\\S)",
        "\\s+"), Pattern.UNICODE_CHARACTER_CLASS);
    private static final int NONE = Integer.MAX_VALUE;
    /** Names a directory holding (or to hold) the table as {@value #CACHE_FILE}. */
    static final String CACHE_PROPERTY = "slabml.tokenizer.cache";
    static final String CACHE_FILE = "o200k_base.bin";
    private static final int MAGIC = 0x534c5431;

    private final byte[] bytes;
    private final int[] starts;
    private final int[] ranks;
    private final int[] table;
    private final int mask;

    private O200kTokens(byte[] bytes, int[] starts, int[] ranks, int[] table) {
        this.bytes = bytes;
        this.starts = starts;
        this.ranks = ranks;
        this.table = table;
        this.mask = table.length - 1;
    }

    private static int[] table(byte[] bytes, int[] starts, int count) {
        int size = Integer.highestOneBit(Math.max(2, count) * 2) << 1;
        int[] table = new int[size];
        for (int i = 0; i < count; i++) {
            int slot = hash(bytes, starts[i], starts[i + 1] - starts[i]) & (size - 1);
            while (table[slot] != 0) {
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = i + 1;
        }
        return table;
    }

    /** The table: from the cache directory when one is set and holds it, else from the rank file. */
    static O200kTokens load() {
        String dir = System.getProperty(CACHE_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return fromRankFile();
        }
        java.nio.file.Path file = java.nio.file.Path.of(dir, CACHE_FILE);
        if (java.nio.file.Files.isRegularFile(file)) {
            try {
                return read(file);
            } catch (IOException | RuntimeException e) {
                // a damaged cache is rebuilt below
            }
        }
        O200kTokens t = fromRankFile();
        try {
            t.write(file);
        } catch (IOException | RuntimeException e) {
            // a read-only directory only costs the next run the slower load
        }
        return t;
    }

    /** Writes the table to {@code file} (through a temporary file, so readers never see half of it). */
    void write(java.nio.file.Path file) throws IOException {
        int n = ranks.length;
        int used = starts[n];
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16 + 4 * (n + 1 + n + table.length) + used);
        buf.putInt(MAGIC).putInt(n).putInt(used).putInt(table.length);
        buf.asIntBuffer().put(starts, 0, n + 1);
        buf.position(buf.position() + 4 * (n + 1));
        buf.asIntBuffer().put(ranks);
        buf.position(buf.position() + 4 * n);
        buf.asIntBuffer().put(table);
        buf.position(buf.position() + 4 * table.length);
        buf.put(bytes, 0, used);
        java.nio.file.Path temp = java.nio.file.Files.createTempFile(file.toAbsolutePath().getParent(), ".o200k", ".tmp");
        try {
            java.nio.file.Files.write(temp, buf.array());
            try {
                // readable by everyone who runs the command, like the rest of a distribution
                java.nio.file.Files.setPosixFilePermissions(temp,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            java.nio.file.Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            java.nio.file.Files.deleteIfExists(temp);
        }
    }

    /** Reads a table {@link #write} wrote. */
    static O200kTokens read(java.nio.file.Path file) throws IOException {
        java.nio.ByteBuffer buf;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            buf = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        if (buf.remaining() < 16 || buf.getInt() != MAGIC) {
            throw new IOException(file + " is not a token table");
        }
        int n = buf.getInt();
        int used = buf.getInt();
        int size = buf.getInt();
        if (n < 0 || used < 0 || size <= 0 || Integer.bitCount(size) != 1
            || buf.remaining() != 4L * (n + 1 + n + size) + used) {
            throw new IOException(file + " is not a whole token table");
        }
        int[] starts = new int[n + 1];
        int[] ranks = new int[n];
        int[] table = new int[size];
        buf.asIntBuffer().get(starts);
        buf.position(buf.position() + 4 * (n + 1));
        buf.asIntBuffer().get(ranks);
        buf.position(buf.position() + 4 * n);
        buf.asIntBuffer().get(table);
        buf.position(buf.position() + 4 * size);
        byte[] bytes = new byte[used];
        buf.get(bytes);
        return new O200kTokens(bytes, starts, ranks, table);
    }

    /** Reads the rank file ({@code base64 rank} per line) from jtokkit's jar. */
    static O200kTokens fromRankFile() {
        byte[] file;
        try (InputStream in = com.knuddels.jtokkit.Encodings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            file = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        int lines = 0;
        for (byte b : file) {
            if (b == '\n') {
                lines++;
            }
        }
        byte[] bytes = new byte[file.length];
        int[] starts = new int[lines + 2];
        int[] ranks = new int[lines + 1];
        int n = 0;
        int at = 0;
        int pos = 0;
        while (pos < file.length) {
            int space = pos;
            while (file[space] != ' ') {
                space++;
            }
            starts[n] = at;
            at = decodeBase64(file, pos, space, bytes, at);
            int rank = 0;
            pos = space + 1;
            while (pos < file.length && file[pos] != '\n') {
                rank = rank * 10 + (file[pos] - '0');
                pos++;
            }
            ranks[n++] = rank;
            pos++;
        }
        starts[n] = at;
        int[] s = java.util.Arrays.copyOf(starts, n + 1);
        return new O200kTokens(bytes, s, java.util.Arrays.copyOf(ranks, n), table(bytes, s, n));
    }

    /**
     * Counts the tokens of ordinary text, or returns -1 when a piece is too long for this counter
     * or the text is not valid UTF-16 (the caller then asks jtokkit).
     */
    int count(String text) {
        Matcher m = PATTERN.matcher(text);
        int count = 0;
        while (m.find()) {
            byte[] piece = text.substring(m.start(), m.end()).getBytes(StandardCharsets.UTF_8);
            if (piece.length > MAX_PIECE_BYTES) {
                return -1;
            }
            count += countPiece(piece);
        }
        return count;
    }

    /** tiktoken's byte-pair merge: merge the adjacent pair of lowest rank (leftmost on ties) until none is a token. */
    private int countPiece(byte[] piece) {
        int len = piece.length;
        if (len <= 1 || rank(piece, 0, len) != NONE) {
            return Math.min(len, 1);
        }
        // parts: start offsets, and the rank of the part joined with the next one
        int[] start = new int[len + 1];
        int[] rank = new int[len + 1];
        for (int i = 0; i <= len; i++) {
            start[i] = i;
            rank[i] = i + 2 <= len ? rank(piece, i, 2) : NONE;
        }
        int parts = len + 1;
        while (true) {
            int min = NONE;
            int at = -1;
            for (int i = 0; i < parts - 1; i++) {
                if (rank[i] < min) {
                    min = rank[i];
                    at = i;
                }
            }
            if (at < 0) {
                return parts - 1;
            }
            // part at+1 joins part at
            System.arraycopy(start, at + 2, start, at + 1, parts - at - 2);
            System.arraycopy(rank, at + 2, rank, at + 1, parts - at - 2);
            parts--;
            rank[at] = joined(piece, start, parts, at);
            if (at > 0) {
                rank[at - 1] = joined(piece, start, parts, at - 1);
            }
        }
    }

    /** The rank of part {@code i} joined with part {@code i + 1}, or NONE. */
    private int joined(byte[] piece, int[] start, int parts, int i) {
        if (i + 2 >= parts) {
            return NONE;
        }
        return rank(piece, start[i], start[i + 2] - start[i]);
    }

    private int rank(byte[] b, int from, int len) {
        int slot = hash(b, from, len) & mask;
        while (true) {
            int entry = table[slot];
            if (entry == 0) {
                return NONE;
            }
            int i = entry - 1;
            int s = starts[i];
            if (starts[i + 1] - s == len && java.util.Arrays.equals(bytes, s, s + len, b, from, from + len)) {
                return ranks[i];
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int hash(byte[] b, int from, int len) {
        int h = 0x811C9DC5;
        for (int i = from; i < from + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    private static int decodeBase64(byte[] in, int from, int to, byte[] out, int at) {
        int bits = 0;
        int acc = 0;
        for (int i = from; i < to; i++) {
            int c = in[i];
            if (c == '=') {
                break;
            }
            acc = (acc << 6) | sextet(c);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[at++] = (byte) (acc >> bits);
            }
        }
        return at;
    }

    private static int sextet(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        } else if (c == '+') {
            return 62;
        } else if (c == '/') {
            return 63;
        }
        throw new IllegalStateException("not base64: " + (char) c);
    }
}
