/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.StoreException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL database as the stores see it: where connections come from (a pool of its own or
 * the host's {@link DataSource}), the schema the tables live in, and migrations applied on open.
 * Shared by the stores of one provider; the pool closes when the last of them is closed.
 *
 * <p>Public for the provider in the parent package; not part of the API.
 */
public final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    private final HikariDataSource ownPool;
    private final PostgresSettings settings;
    private final AtomicInteger users = new AtomicInteger(1);

    private Database(DataSource dataSource, HikariDataSource ownPool, PostgresSettings settings) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.settings = settings;
    }

    /**
     * Opens the database and applies the migrations it lacks.
     *
     * @param settings the connection settings
     * @param hostDataSource the host's data source, or {@code null} for a pool of its own
     * @return the database, with one user (the caller); see {@link #retain()}
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static Database open(PostgresSettings settings, DataSource hostDataSource) {
        Objects.requireNonNull(settings, "settings");
        HikariDataSource pool = null;
        DataSource ds = hostDataSource;
        if (ds == null) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(settings.url());
            settings.user().ifPresent(hc::setUsername);
            settings.password().ifPresent(hc::setPassword);
            hc.setMaximumPoolSize(settings.poolSize());
            hc.setPoolName("slabml-postgres");
            hc.setAutoCommit(true);
            try {
                pool = new HikariDataSource(hc);
            } catch (RuntimeException e) {
                throw new StoreException("cannot connect to PostgreSQL at " + settings.maskedUrl() + ": " + e.getMessage(), e);
            }
            ds = pool;
        }
        Database db = new Database(ds, pool, settings);
        try {
            Migrations.apply(db);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw e;
        }
        LOG.info("PostgreSQL store at {} (schema {}, {})", settings.maskedUrl(), settings.schema(),
            pool != null ? "pool of " + settings.poolSize() : "the host's data source");
        return db;
    }

    /** Returns the settings. */
    PostgresSettings settings() {
        return settings;
    }

    /** Returns a table's qualified name. */
    String table(String name) {
        return settings.schema() + "." + name;
    }

    /** Returns a connection in auto-commit mode; the caller closes it. */
    Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        return c;
    }

    /** Registers one more user; each calls {@link #release()} once. */
    Database retain() {
        if (users.getAndIncrement() <= 0) {
            users.decrementAndGet();
            throw new StoreException("the PostgreSQL store is closed", null, StoreException.Outcome.NOT_WRITTEN);
        }
        return this;
    }

    /** Releases one user; the last closes the pool of its own. */
    public void release() {
        if (users.decrementAndGet() == 0 && ownPool != null) {
            ownPool.close();
        }
    }

    /** Returns a description for messages: the URL and schema, never the password. */
    @Override
    public String toString() {
        return settings.maskedUrl() + " schema " + settings.schema();
    }
}
