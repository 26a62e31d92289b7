/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/** One statement or a few, committed by the calling thread, with the outcome of a failure. Internal. */
final class Transactions {
    /** Work done in a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Runs the work in a transaction and commits it.
     *
     * @throws StoreException {@code NOT_WRITTEN} when it rolled back, {@code UNKNOWN} when the commit's
     *     result is not known
     */
    static <T> T commit(Database db, String what, Work<T> work) {
        Connection c;
        try {
            c = db.connection();
        } catch (SQLException e) {
            throw new StoreException(what + ": no connection to " + db + ": " + e.getMessage(), e,
                StoreException.Outcome.NOT_WRITTEN);
        }
        try {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw new StoreException(what + " on " + db + " failed: " + e.getMessage(), e,
                    StoreException.Outcome.NOT_WRITTEN);
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw new StoreException(what + ": commit failed: " + e.getMessage(), e, BatchWriter.commitOutcome(e));
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException(what + " on " + db + " failed: " + e.getMessage(), e,
                StoreException.Outcome.NOT_WRITTEN);
        } finally {
            try {
                c.close();
            } catch (SQLException closing) {
                // the work is done; the pool discards a connection it cannot take back cleanly
            }
        }
    }
}
