/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.spi.JobStore;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;

/**
 * Tracked jobs in the {@code jobs} table, one row per idempotency key: a save inserts or replaces
 * it in one statement ({@code INSERT ... ON CONFLICT DO UPDATE}), so two instances saving the same
 * key leave one row. Rows keep the order their key was first saved in. Each save is committed
 * before it returns.
 *
 * <p>Public for the provider; create it through {@code PostgresStoreProvider}.
 */
public final class PostgresJobStore implements JobStore {
    private final Database db;
    private final AtomicBoolean open = new AtomicBoolean(true);

    PostgresJobStore(Database db) {
        this.db = db.retain();
    }

    @Override
    public void save(TrackedJob job) {
        Objects.requireNonNull(job, "job");
        Texts.check("idempotency_key", job.idempotencyKey());
        String body = Codec.writeJob(job);
        Transactions.commit(db, "jobs: saving " + job.idempotencyKey(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db.table("jobs")
                + " (idempotency_key, job_id, body) VALUES (?, ?, ?) ON CONFLICT (idempotency_key) "
                + "DO UPDATE SET job_id = EXCLUDED.job_id, body = EXCLUDED.body")) {
                ps.setString(1, job.idempotencyKey());
                ps.setString(2, job.jobId().orElse(null));
                ps.setString(3, body);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<TrackedJob> findByJobId(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return one("SELECT seq, body FROM " + db.table("jobs") + " WHERE job_id = ? ORDER BY seq DESC LIMIT 1", jobId);
    }

    @Override
    public Optional<TrackedJob> findByIdempotencyKey(String key) {
        Objects.requireNonNull(key, "key");
        return one("SELECT seq, body FROM " + db.table("jobs") + " WHERE idempotency_key = ?", key);
    }

    @Override
    public List<TrackedJob> list() {
        return List.copyOf(Rows.list(db, "SELECT seq, body FROM " + db.table("jobs") + " ORDER BY seq", ps -> { },
            rs -> Codec.readJob(rs.getString(2), db.table("jobs") + " row seq=" + rs.getLong(1))));
    }

    private Optional<TrackedJob> one(String sql, String value) {
        return Rows.list(db, sql, ps -> ps.setString(1, value),
            rs -> Codec.readJob(rs.getString(2), db.table("jobs") + " row seq=" + rs.getLong(1))).stream().findFirst();
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
