/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.spi.StateStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Versioned state and leases in the {@code state} and {@code leases} tables, shared by every
 * instance on the database. A compare-and-set is one conditional statement
 * ({@code UPDATE ... WHERE version = ?}, or {@code INSERT ... ON CONFLICT DO NOTHING} for a new
 * key), so exactly one of two concurrent writers wins. A lease is taken or renewed by one upsert
 * that succeeds only when the lease is free, expired or already the caller's. Lease times come
 * from the clock the store was given.
 *
 * <p>Public for the provider; create it through {@code PostgresStoreProvider}.
 */
public final class PostgresStateStore implements StateStore {
    private final Database db;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Clock clock;

    PostgresStateStore(Database db, Clock clock) {
        this.db = db.retain();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Versioned> get(String key) {
        Objects.requireNonNull(key, "key");
        return Rows.list(db, "SELECT value, version FROM " + db.table("state") + " WHERE key = ?",
            ps -> ps.setString(1, key), rs -> new Versioned(rs.getString(1), rs.getLong(2))).stream().findFirst();
    }

    @Override
    public OptionalLong compareAndSet(String key, long expectedVersion, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative, was " + expectedVersion);
        }
        Texts.check("key", key);
        Texts.check("value", value);
        Long written = Transactions.commit(db, "state: writing " + key, c -> {
            String sql = expectedVersion == 0
                ? "INSERT INTO " + db.table("state") + " (key, value, version) VALUES (?, ?, 1) "
                    + "ON CONFLICT (key) DO NOTHING RETURNING version"
                : "UPDATE " + db.table("state") + " SET value = ?, version = version + 1 "
                    + "WHERE key = ? AND version = ? RETURNING version";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (expectedVersion == 0) {
                    ps.setString(1, key);
                    ps.setString(2, value);
                } else {
                    ps.setString(1, value);
                    ps.setString(2, key);
                    ps.setLong(3, expectedVersion);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
        return written < 0 ? OptionalLong.empty() : OptionalLong.of(written);
    }

    @Override
    public boolean tryAcquireLease(String name, String owner, Duration ttl) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        Texts.check("name", name);
        Texts.check("owner", owner);
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        OffsetDateTime until = now.plus(ttl);
        Boolean held = Transactions.commit(db, "leases: acquiring " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("leases")
                + " AS l (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE "
                + "SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at "
                + "WHERE l.owner = EXCLUDED.owner OR l.expires_at <= ? RETURNING owner")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                ps.setObject(3, until);
                ps.setObject(4, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        return Boolean.TRUE.equals(held);
    }

    @Override
    public void releaseLease(String name, String owner) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Transactions.commit(db, "leases: releasing " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + db.table("leases")
                + " WHERE name = ? AND owner = ?")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                return ps.executeUpdate();
            }
        });
    }

    /** Releases the database. */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        db.release();
    }
}
