/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Rows sent with {@code COPY ... FROM STDIN (FORMAT binary)}, the fastest way into a table. Each row
 * is encoded once, on the caller's thread ({@link #tuple}), so the writer only streams bytes and the
 * server parses neither text escapes nor timestamps.
 *
 * <p>{@code COPY} cannot skip rows that exist already, so {@link #copy} tries it under a savepoint
 * and, when a unique key is violated (a retried record), rolls back to it, copies the rows into a
 * temporary table of the same columns and inserts them from there with
 * {@code ON CONFLICT (id) DO NOTHING}. Internal.
 */
final class CopyIn {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
    private static final int TEXT_OID = 25;
    /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

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
     * Encodes one row. A field's Java type gives its column's: {@code String} text, {@code Integer}
     * int4, {@code Long} int8, {@code Boolean} bool, {@code Instant} timestamptz (to the
     * microsecond, rounded), a {@code List} of strings text[]; {@code null} is SQL NULL.
     */
    static byte[] tuple(Object... fields) {
        Tuple out = new Tuple();
        out.int16(fields.length);
        for (Object f : fields) {
            if (f == null) {
                out.int32(-1);
            } else if (f instanceof String) {
                out.text((String) f);
            } else if (f instanceof Integer) {
                out.int32(4);
                out.int32((Integer) f);
            } else if (f instanceof Long) {
                out.int32(8);
                out.int64((Long) f);
            } else if (f instanceof Boolean) {
                out.int32(1);
                out.write((Boolean) f ? 1 : 0);
            } else if (f instanceof Instant) {
                Instant t = (Instant) f;
                out.int32(8);
                out.int64(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L),
                    (t.getNano() + 500) / 1_000) - POSTGRES_EPOCH_MICROS);
            } else if (f instanceof List) {
                out.textArray((List<?>) f);
            } else {
                throw new IllegalArgumentException("no COPY encoding for " + f.getClass().getName());
            }
        }
        return out.toByteArray();
    }

    /** Copies the rows into the table, or inserts those not stored yet when one of them is. */
    void copy(Connection c, List<byte[]> tuples) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            copyInto(c, table, tuples);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before);
            insertSkippingStored(c, tuples);
            return;
        }
        c.releaseSavepoint(before);
    }

    /** {@code INSERT ... ON CONFLICT (id) DO NOTHING} from a temporary copy: a retried record is stored once. */
    private void insertSkippingStored(Connection c, List<byte[]> tuples) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMPORARY TABLE slabml_copy ON COMMIT DROP AS SELECT " + columns + " FROM " + table
                + " WITH NO DATA");
            copyInto(c, "slabml_copy", tuples);
            st.execute("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM slabml_copy "
                + "ON CONFLICT (id) DO NOTHING");
            st.execute("DROP TABLE slabml_copy");
        }
    }

    private void copyInto(Connection c, String target, List<byte[]> tuples) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " (" + columns
                + ") FROM STDIN (FORMAT binary)", new Stream(tuples));
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
        }
    }

    /** One row in COPY's binary format: big-endian lengths and values. */
    private static final class Tuple extends ByteArrayOutputStream {
        Tuple() {
            super(512);
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
            Tuple a = new Tuple();
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

        Stream(List<byte[]> tuples) {
            this.tuples = tuples.iterator();
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
