/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * Rows sent with {@code COPY ... FROM STDIN (FORMAT binary)}, the fastest way into a table. Each row
 * is encoded once, on the caller's thread ({@link #tuple}), so the writer only streams bytes and the
 * server parses neither text escapes nor timestamps.
 *
 * <p>{@code COPY} cannot skip rows that exist already, so {@link #copy} tries it under a savepoint
 * and, when a unique key is violated (a retried record), rolls back to it, asks which of the rows'
 * ids are stored and copies the others, the first of each id only; a concurrent writer storing one
 * of them meanwhile makes it ask again, a bounded number of times. It needs no privilege beyond
 * inserting and reading the table (no temporary table). Internal.
 */
final class CopyIn {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_ATTEMPTS = 8;
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
    private static final int TEXT_OID = 25;
    /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    /** The earliest {@code timestamptz} PostgreSQL stores: 4713-11-24 BC. */
    static final Instant EARLIEST = Instant.parse("-4713-11-24T00:00:00Z");
    /** Just past the latest {@code timestamptz} PostgreSQL stores: 294277-01-01. */
    static final Instant PAST_LATEST = Instant.parse("+294277-01-01T00:00:00Z");

    /** One encoded row and its record's id. */
    record Row(String id, byte[] bytes) {
    }

    private final String table;
    private final String columns;

    /**
     * @param table the qualified table
     * @param columns its columns in the order of the tuples' fields, comma-separated; one is {@code id}
     */
    CopyIn(String table, String columns) {
        this.table = table;
        this.columns = columns;
    }

    /**
     * Refuses a time PostgreSQL's {@code timestamptz} cannot hold, on the caller's thread, so that a
     * queued batch never fails on the server for it.
     *
     * @return {@code t}
     * @throws InvalidInputException naming the field
     */
    static Instant checkTime(String field, Instant t) {
        if (t.isBefore(EARLIEST) || !t.isBefore(PAST_LATEST)) {
            throw new InvalidInputException(field, "must be between 4713 BC and 294276 AD, was " + t);
        }
        return t;
    }

    /**
     * Encodes one row: the record's id (text), then the other fields, whose Java type gives their
     * column's: {@code String} text, {@code Integer} int4, {@code Long} int8, {@code Boolean} bool,
     * {@code Instant} timestamptz (to the microsecond, rounded; see {@link #checkTime}), a
     * {@code List} of strings text[]; {@code null} is SQL NULL.
     */
    static Row tuple(String id, Object... rest) {
        Encoder out = new Encoder();
        out.int16(rest.length + 1);
        out.text(id);
        for (Object f : rest) {
            out.field(f);
        }
        return new Row(id, out.toByteArray());
    }

    /** Copies the rows into the table, or those not stored yet when one of them is. */
    void copy(Connection c, List<Row> rows) throws SQLException {
        List<Row> pending = rows;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            Savepoint before = c.setSavepoint();
            try {
                copyInto(c, pending);
                c.releaseSavepoint(before);
                return;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                c.rollback(before);
                c.releaseSavepoint(before);
            }
            pending = notStored(c, pending);
        }
    }

    /** The rows whose id is not in the table, the first of each id only, in their order. */
    private List<Row> notStored(Connection c, List<Row> rows) throws SQLException {
        Set<String> seen = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", rows.stream().map(Row::id).distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (seen.add(r.id())) {
                out.add(r);
            }
        }
        return out;
    }

    private void copyInto(Connection c, List<Row> rows) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columns
                + ") FROM STDIN (FORMAT binary)", new Stream(rows));
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
        }
    }

    /** One row in COPY's binary format: big-endian lengths and values. */
    private static final class Encoder extends ByteArrayOutputStream {
        Encoder() {
            super(512);
        }

        void field(Object f) {
            if (f == null) {
                int32(-1);
            } else if (f instanceof String) {
                text((String) f);
            } else if (f instanceof Integer) {
                int32(4);
                int32((Integer) f);
            } else if (f instanceof Long) {
                int32(8);
                int64((Long) f);
            } else if (f instanceof Boolean) {
                int32(1);
                write((Boolean) f ? 1 : 0);
            } else if (f instanceof Instant) {
                Instant t = (Instant) f;
                int32(8);
                int64(Math.subtractExact(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L),
                    (t.getNano() + 500) / 1_000), POSTGRES_EPOCH_MICROS));
            } else if (f instanceof List) {
                textArray((List<?>) f);
            } else {
                throw new IllegalArgumentException("no COPY encoding for " + f.getClass().getName());
            }
        }

        void int16(int v) {
            write(v >>> 8);
            write(v);
        }

        void int32(int v) {
            int16(v >>> 16);
            int16(v);
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        void text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int32(b.length);
            write(b, 0, b.length);
        }

        /** A one-dimensional text[] (array_recv's format), or an empty one. */
        void textArray(List<?> values) {
            Encoder a = new Encoder();
            a.int32(values.isEmpty() ? 0 : 1); // dimensions
            a.int32(0); // no NULL elements
            a.int32(TEXT_OID);
            if (!values.isEmpty()) {
                a.int32(values.size());
                a.int32(1); // lower bound
                for (Object v : values) {
                    a.text((String) v);
                }
            }
            int32(a.size());
            write(a.buf, 0, a.count);
        }
    }

    /** The header, the tuples and the trailer, read without copying them into one array. */
    private static final class Stream extends InputStream {
        private final Iterator<byte[]> tuples;
        private byte[] current = HEADER;
        private int pos;
        private boolean trailed;

        Stream(List<Row> rows) {
            this.tuples = rows.stream().map(Row::bytes).iterator();
        }

        private boolean advance() {
            while (pos == current.length) {
                if (tuples.hasNext()) {
                    current = tuples.next();
                } else if (!trailed) {
                    current = TRAILER;
                    trailed = true;
                } else {
                    return false;
                }
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() {
            return advance() ? current[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len && advance()) {
                int k = Math.min(len - n, current.length - pos);
                System.arraycopy(current, pos, b, off + n, k);
                pos += k;
                n += k;
            }
            return n == 0 ? -1 : n;
        }
    }
}
