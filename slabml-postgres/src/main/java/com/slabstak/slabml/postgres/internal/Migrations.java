/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema's versioned migrations, each applied once. All of them run in one transaction that
 * first takes a transaction-scoped advisory lock on the schema's name, so instances that start at
 * the same moment apply them one after the other: the second finds them applied.
 * {@code schema_migrations} records which versions ran. Internal.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** One migration: its version, what it does, and its statements ({@code {s}} is the schema). */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> ALL = List.of(
        new Migration(1, "samples, production log, registry, jobs, state and leases", List.of(
            """
            CREATE TABLE {s}.samples (
                seq bigserial PRIMARY KEY,
                id text NOT NULL UNIQUE,
                task text NOT NULL,
                source text NOT NULL,
                created_at timestamptz NOT NULL,
                body text NOT NULL)""",
            "CREATE INDEX samples_task_seq ON {s}.samples (task, seq)",
            """
            CREATE TABLE {s}.production_log (
                seq bigserial PRIMARY KEY,
                id text NOT NULL UNIQUE,
                month integer NOT NULL,
                ts timestamptz NOT NULL,
                task text NOT NULL,
                model_id text NOT NULL,
                arm text NOT NULL,
                corrected boolean NOT NULL,
                corrected_fields text[] NOT NULL,
                rating integer,
                latency_ms bigint,
                prompt_tokens bigint,
                completion_tokens bigint,
                body text NOT NULL)""",
            "CREATE INDEX production_log_month_seq ON {s}.production_log (month, seq)",
            "CREATE TABLE {s}.production_months (month integer PRIMARY KEY)",
            "CREATE TABLE {s}.registry_events (seq bigserial PRIMARY KEY, task text NOT NULL, body text NOT NULL)",
            "CREATE INDEX registry_events_task ON {s}.registry_events (task)",
            "CREATE TABLE {s}.registry_versions (seq bigserial PRIMARY KEY, body text NOT NULL)",
            """
            CREATE TABLE {s}.registry_version (
                id integer PRIMARY KEY CHECK (id = 1),
                version bigint NOT NULL)""",
            "INSERT INTO {s}.registry_version (id, version) VALUES (1, 1)",
            """
            CREATE TABLE {s}.jobs (
                seq bigserial PRIMARY KEY,
                idempotency_key text NOT NULL UNIQUE,
                job_id text,
                body text NOT NULL)""",
            "CREATE INDEX jobs_job_id ON {s}.jobs (job_id)",
            """
            CREATE TABLE {s}.state (
                key text PRIMARY KEY,
                value text NOT NULL,
                version bigint NOT NULL)""",
            """
            CREATE TABLE {s}.leases (
                name text PRIMARY KEY,
                owner text NOT NULL,
                expires_at timestamptz NOT NULL)""")),
        // One index fewer to maintain on every insert: seq is read only with the task or month, whose
        // indexes hold it, and the record id's unique index identifies a row (for replication too).
        new Migration(2, "samples and production log: no index on seq alone", List.of(
            "ALTER TABLE {s}.samples DROP CONSTRAINT samples_pkey",
            "ALTER TABLE {s}.samples REPLICA IDENTITY USING INDEX samples_id_key",
            "ALTER TABLE {s}.production_log DROP CONSTRAINT production_log_pkey",
            "ALTER TABLE {s}.production_log REPLICA IDENTITY USING INDEX production_log_id_key")),
        // Indexed text compares byte by byte, not by the database's locale: a comparison is a memcmp
        // instead of a strcoll (and the order no longer depends on the server's C library). It
        // rebuilds the two tables' id and task indexes, not their rows; the replica identity is set
        // again on the rebuilt indexes, and the columns' statistics, which a type change drops, are
        // gathered again.
        new Migration(3, "samples and production log: ids and tasks compared byte by byte", List.of(
            "ALTER TABLE {s}.samples ALTER COLUMN id TYPE text COLLATE \"C\", ALTER COLUMN task TYPE text COLLATE \"C\"",
            "ALTER TABLE {s}.production_log ALTER COLUMN id TYPE text COLLATE \"C\"",
            "ALTER TABLE {s}.samples REPLICA IDENTITY USING INDEX samples_id_key",
            "ALTER TABLE {s}.production_log REPLICA IDENTITY USING INDEX production_log_id_key",
            "ANALYZE {s}.samples (id, task)",
            "ANALYZE {s}.production_log (id)")),
        // A reader that follows the log needs an order no later commit can insert into: seq is
        // taken at insert, but transactions commit in any order, so a row can become visible
        // behind one already read. Each row keeps the id of the transaction that wrote it
        // (pg_current_xact_id() is stable, so COPY keeps inserting in batches); rows are read in
        // (tx, seq) order, and only those of transactions older than every running one. Rows
        // stored before take this migration's transaction id (a default that is not volatile is
        // evaluated once, without rewriting the table); they are all committed. The new index
        // replaces (month, seq), which nothing reads any more.
        new Migration(4, "production log: the writing transaction's id, to follow the log in commit-safe order",
            List.of(
                "ALTER TABLE {s}.production_log ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id()",
                "DROP INDEX {s}.production_log_month_seq",
                "CREATE INDEX production_log_month_tx_seq ON {s}.production_log (month, tx, seq)")));

    private Migrations() {
    }

    /**
     * Applies the migrations the schema lacks.
     *
     * @throws StoreException when a migration fails (nothing of it stays) or the schema is newer
     *     than this version knows
     */
    static void apply(Database db) {
        String schema = db.settings().schema();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, lockKey(schema));
                    lock.execute();
                }
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                    st.execute("CREATE TABLE IF NOT EXISTS " + schema + ".schema_migrations ("
                        + "version integer PRIMARY KEY, description text NOT NULL, "
                        + "applied_at timestamptz NOT NULL DEFAULT now())");
                }
                int current = 0;
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_migrations")) {
                    rs.next();
                    current = rs.getInt(1);
                }
                int latest = ALL.get(ALL.size() - 1).version();
                if (current > latest) {
                    throw new StoreException("schema " + schema + " is at version " + current
                        + ", newer than this SlabML knows (" + latest + "); upgrade SlabML", null,
                        StoreException.Outcome.NOT_WRITTEN);
                }
                for (Migration m : ALL) {
                    if (m.version() <= current) {
                        continue;
                    }
                    try (Statement st = c.createStatement()) {
                        for (String sql : m.statements()) {
                            st.execute(sql.replace("{s}", schema));
                        }
                    }
                    try (PreparedStatement done = c.prepareStatement(
                        "INSERT INTO " + schema + ".schema_migrations (version, description) VALUES (?, ?)")) {
                        done.setInt(1, m.version());
                        done.setString(2, m.description());
                        done.executeUpdate();
                    }
                    LOG.info("PostgreSQL schema {}: applied migration {} ({})", schema, m.version(), m.description());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("migrating PostgreSQL schema " + schema + " at " + db.settings().maskedUrl()
                + " failed: " + e.getMessage(), e, StoreException.Outcome.NOT_WRITTEN);
        }
    }

    /** The advisory lock's key: a stable hash of the schema's name. */
    static long lockKey(String schema) {
        long h = 0x5AB1_4D1EL;
        for (char ch : ("slabml.migrations." + schema).toCharArray()) {
            h = 31 * h + ch;
        }
        return h;
    }
}
