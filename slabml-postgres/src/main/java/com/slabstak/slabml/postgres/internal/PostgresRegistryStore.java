/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.spi.RegistryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry in two append-only tables, {@code registry_events} and
 * {@code registry_versions}, and a one-row {@code registry_version} counter that every write
 * increments in its own transaction. That row serialises the registry's writers across instances,
 * which makes {@link #appendEventIfCurrent} a plain count-then-insert.
 *
 * <p>Every write ends with {@code NOTIFY}; a listener thread of each instance hears it and
 * {@link #version()} changes at once. While the listener is not connected, {@link #version()}
 * reads the counter from the database, so a change is never missed, only seen later.
 *
 * <p>Writes are small and rare: each is committed by the calling thread before it returns, under
 * every durability mode.
 *
 * <p>Public for the provider; create it through {@code PostgresStoreProvider}.
 */
public final class PostgresRegistryStore implements RegistryStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRegistryStore.class);

    private final Database db;
    private final String channel;
    private final AtomicLong version = new AtomicLong();
    private final Thread listener;
    private volatile boolean listening;
    private volatile boolean closed;

    PostgresRegistryStore(Database db) {
        this.db = db.retain();
        this.channel = "slabml_registry_" + db.settings().schema();
        this.listener = new Thread(this::listen, "slabml-postgres-registry-listener");
        this.listener.setDaemon(true);
        this.listener.start();
    }

    @Override
    public void appendEvent(DeploymentEvent event) {
        Objects.requireNonNull(event, "event");
        Codec.check("details", event.details());
        String body = Codec.writeEvent(event);
        write("event", c -> {
            insertEvent(c, event, body);
            return true;
        });
    }

    @Override
    public boolean appendEventIfCurrent(DeploymentEvent event, long expectedTaskEvents) {
        Objects.requireNonNull(event, "event");
        Codec.check("details", event.details());
        String body = Codec.writeEvent(event);
        return write("event", c -> {
            long now;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + db.table("registry_events")
                + " WHERE task = ?")) {
                ps.setString(1, event.deployment().task().value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    now = rs.getLong(1);
                }
            }
            if (now != expectedTaskEvents) {
                return false;
            }
            insertEvent(c, event, body);
            return true;
        });
    }

    private void insertEvent(Connection c, DeploymentEvent event, String body) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("registry_events")
            + " (task, body) VALUES (?, ?)")) {
            ps.setString(1, event.deployment().task().value());
            ps.setString(2, body);
            ps.executeUpdate();
        }
    }

    @Override
    public List<DeploymentEvent> events() {
        return List.copyOf(Rows.list(db, "SELECT seq, body FROM " + db.table("registry_events") + " ORDER BY seq",
            ps -> { }, rs -> Codec.readEvent(rs.getString(2), db.table("registry_events") + " row seq=" + rs.getLong(1))));
    }

    @Override
    public void appendVersion(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        String body = Codec.writeVersion(version);
        write("version", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("registry_versions")
                + " (body) VALUES (?)")) {
                ps.setString(1, body);
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<ModelVersion> versions() {
        return List.copyOf(Rows.list(db, "SELECT seq, body FROM " + db.table("registry_versions") + " ORDER BY seq",
            ps -> { }, rs -> Codec.readVersion(rs.getString(2), db.table("registry_versions") + " row seq=" + rs.getLong(1))));
    }

    /**
     * Returns the registry's change counter: the value heard last from the database while the
     * listener is connected, else read from the database.
     */
    @Override
    public long version() {
        if (listening) {
            return version.get();
        }
        long v = readVersion();
        version.accumulateAndGet(v, Math::max);
        return v;
    }

    private long readVersion() {
        return Rows.list(db, "SELECT version FROM " + db.table("registry_version") + " WHERE id = 1",
            ps -> { }, rs -> rs.getLong(1)).get(0);
    }

    /** A write in a transaction that first takes the counter row; returns whether to commit. */
    @FunctionalInterface
    private interface Change {
        boolean apply(Connection c) throws SQLException;
    }

    private boolean write(String what, Change change) {
        Connection c;
        try {
            c = db.connection();
        } catch (SQLException e) {
            throw new StoreException("registry: no connection to " + db + ": " + e.getMessage(), e,
                StoreException.Outcome.NOT_WRITTEN);
        }
        try (c) {
            c.setAutoCommit(false);
            long next;
            try {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("UPDATE " + db.table("registry_version")
                         + " SET version = version + 1 WHERE id = 1 RETURNING version")) {
                    rs.next();
                    next = rs.getLong(1);
                }
                if (!change.apply(c)) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    ps.setString(1, channel);
                    ps.setString(2, Long.toString(next));
                    ps.execute();
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw new StoreException("registry: writing a " + what + " to " + db + " failed: " + e.getMessage(), e,
                    StoreException.Outcome.NOT_WRITTEN);
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw new StoreException("registry: commit of a " + what + " failed: " + e.getMessage(), e,
                    BatchWriter.commitOutcome(e));
            }
            version.accumulateAndGet(next, Math::max);
            return true;
        } catch (SQLException closing) {
            LOG.debug("registry: closing a connection failed", closing);
            return true;
        }
    }

    private void listen() {
        long backoff = 100;
        while (!closed) {
            try (Connection c = db.connection()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                // Anything written before LISTEN took effect is in the counter.
                version.accumulateAndGet(readVersion(), Math::max);
                listening = true;
                backoff = 100;
                while (!closed) {
                    PGNotification[] heard = pg.getNotifications(250);
                    if (heard == null) {
                        continue;
                    }
                    for (PGNotification n : heard) {
                        try {
                            version.accumulateAndGet(Long.parseLong(n.getParameter()), Math::max);
                        } catch (NumberFormatException e) {
                            version.accumulateAndGet(readVersion(), Math::max);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) {
                    return;
                }
                LOG.warn("registry: listening for changes on {} failed; version() reads the database until it is back: {}",
                    db, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            } finally {
                listening = false;
            }
        }
    }

    /** Stops the listener and releases the database. */
    @Override
    public void close() {
        synchronized (listener) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            listener.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            db.release();
        }
    }
}
