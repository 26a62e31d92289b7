/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.StoreSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Samples in the {@code samples} table, one row per sample, read back per task in insertion order.
 * A sample id is stored once: inserting it again (a retry after an unknown outcome) does nothing.
 * The id, task, source and time are columns, and the JSON body holds the rest.
 * Writes follow the store's durability (see {@link BatchWriter}); a batch is one binary {@code COPY}
 * and one commit (when a sample of it is stored already, a second {@code COPY} of the others; see
 * {@link CopyIn}).
 *
 * <p>Public for the provider; create it through {@code PostgresStoreProvider}.
 */
public final class PostgresSampleStore implements SampleStore {
    private final Database db;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final BatchWriter<CopyIn.Row> writer;
    private final CopyIn copy;

    PostgresSampleStore(Database db, StoreSettings settings) {
        this.db = db.retain();
        this.copy = new CopyIn(db.table("samples"), "id, task, source, created_at, body");
        this.writer = new BatchWriter<>("samples", db, settings, copy::copy);
    }

    @Override
    public void append(Sample sample) {
        writer.append(row(sample));
    }

    /**
     * Under {@code BATCH} the future completes after the commit that holds the sample, on an
     * acknowledgement thread; under {@code ASYNC} once queued; under {@code SYNC} the sample is
     * committed before this returns.
     */
    @Override
    public CompletableFuture<Void> appendAsync(Sample sample) {
        return writer.appendAsync(row(sample));
    }

    /** The sample checked and encoded for {@code COPY}, on the caller's thread. */
    private static CopyIn.Row row(Sample sample) {
        Objects.requireNonNull(sample, "sample");
        if (sample.id().isEmpty()) {
            throw new InvalidInputException("id", "a stored sample needs an id (the collector assigns it)");
        }
        if (sample.createdAt().isEmpty()) {
            throw new InvalidInputException("created_at", "a stored sample needs its time (the collector assigns it)");
        }
        Texts.check("id", sample.id().get());
        Codec.check("input", sample.input());
        Codec.check("output", sample.output());
        Codec.check("original", sample.original());
        return CopyIn.tuple(sample.id().get(), sample.task().value(), sample.source().value(),
            CopyIn.checkTime("created_at", sample.createdAt().get()), Codec.writeSample(sample));
    }

    @Override
    public Stream<Sample> read(TaskName task) {
        Objects.requireNonNull(task, "task");
        writer.awaitWritten();
        return Rows.stream(db, "SELECT seq, id, task, source, created_at, body FROM " + db.table("samples")
                + " WHERE task = ? ORDER BY seq",
            ps -> ps.setString(1, task.value()),
            rs -> Codec.readSample(new Codec.SampleColumns(rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(), where(rs)), rs.getString(6)));
    }

    @Override
    public long count(TaskName task) {
        Objects.requireNonNull(task, "task");
        writer.awaitWritten();
        return Rows.list(db, "SELECT count(*) FROM " + db.table("samples") + " WHERE task = ?",
            ps -> ps.setString(1, task.value()), rs -> rs.getLong(1)).get(0);
    }

    private String where(ResultSet rs) throws SQLException {
        return db.table("samples") + " row seq=" + rs.getLong(1);
    }

    /** Writes what is queued and releases the database. */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        try {
            writer.close();
        } finally {
            db.release();
        }
    }
}
