/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.postgresql.PGConnection;

/**
 * A batch of rows sent with {@code COPY ... FROM STDIN} (text format), the fastest way into a table.
 * {@code COPY} cannot skip rows that exist already, so {@link #copyOrElse} tries it under a savepoint
 * and, when a unique key is violated (a retried record), rolls back to it and runs the
 * {@code INSERT ... ON CONFLICT DO NOTHING} path instead. Internal.
 */
final class CopyIn {
    private static final String UNIQUE_VIOLATION = "23505";

    /** The fallback when a row exists already. */
    @FunctionalInterface
    interface Insert {
        void run() throws SQLException;
    }

    private final StringBuilder text = new StringBuilder(1 << 16);

    /** Appends one row; {@code null} is SQL NULL. */
    CopyIn row(Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            Object f = fields[i];
            if (f == null) {
                text.append("\\N");
            } else if (f instanceof Boolean) {
                text.append((Boolean) f ? 't' : 'f');
            } else {
                escape(f.toString());
            }
        }
        text.append('\n');
        return this;
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\':
                    text.append("\\\\");
                    break;
                case '\n':
                    text.append("\\n");
                    break;
                case '\r':
                    text.append("\\r");
                    break;
                case '\t':
                    text.append("\\t");
                    break;
                default:
                    text.append(ch);
            }
        }
    }

    /** Copies the rows with {@code copySql}, or runs {@code insert} when one of them exists already. */
    void copyOrElse(Connection c, String copySql, Insert insert) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql,
                new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before);
            insert.run();
            return;
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
        }
        c.releaseSavepoint(before);
    }
}
