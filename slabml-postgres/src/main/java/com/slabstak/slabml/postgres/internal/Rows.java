/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Queries: a stream of rows read with a cursor (constant memory), or a list for small tables. Internal. */
final class Rows {
    private static final int FETCH_SIZE = 1_000;

    /** Binds a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Rows() {
    }

    /** Streams the rows; the stream holds a connection until it is closed. */
    static <T> Stream<T> stream(Database db, String sql, Binder binder, Mapper<T> mapper) {
        Connection c = null;
        PreparedStatement ps = null;
        ResultSet rs;
        try {
            c = db.connection();
            c.setAutoCommit(false); // a cursor, not the whole result in memory
            c.setReadOnly(true);
            ps = c.prepareStatement(sql);
            ps.setFetchSize(FETCH_SIZE);
            binder.bind(ps);
            rs = ps.executeQuery();
        } catch (SQLException e) {
            closeQuietly(c, ps, null);
            throw new StoreException("reading from " + db + " failed: " + e.getMessage(), e);
        }
        Cursor<T> cursor = new Cursor<>(db, c, ps, rs, mapper);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL),
            false).onClose(cursor::close);
    }

    /** Reads every row into a list. */
    static <T> List<T> list(Database db, String sql, Binder binder, Mapper<T> mapper) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("reading from " + db + " failed: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c, PreparedStatement ps, ResultSet rs) {
        for (AutoCloseable a : new AutoCloseable[] {rs, ps}) {
            if (a != null) {
                try {
                    a.close();
                } catch (Exception ignored) {
                    // closing after a failure or at the end; the connection goes back anyway
                }
            }
        }
        if (c != null) {
            try {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the pool resets or discards the connection
            }
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    private static final class Cursor<T> implements Iterator<T>, AutoCloseable {
        private final Database db;
        private final Connection c;
        private final PreparedStatement ps;
        private final ResultSet rs;
        private final Mapper<T> mapper;
        private T next;
        private boolean done;

        Cursor(Database db, Connection c, PreparedStatement ps, ResultSet rs, Mapper<T> mapper) {
            this.db = db;
            this.c = c;
            this.ps = ps;
            this.rs = rs;
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            try {
                if (rs.next()) {
                    next = mapper.map(rs);
                    return true;
                }
            } catch (SQLException e) {
                close();
                throw new StoreException("reading from " + db + " failed: " + e.getMessage(), e);
            }
            close();
            return false;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T out = next;
            next = null;
            return out;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                closeQuietly(c, ps, rs);
            }
        }
    }
}
