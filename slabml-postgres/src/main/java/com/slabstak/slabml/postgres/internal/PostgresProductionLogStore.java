/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.spi.MonthAggregator;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.StoreSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Production records in the {@code production_log} table, with the month of their timestamp (UTC)
 * and the fields an analysis aggregates (model, arm, corrected, rating, latency, tokens) as columns
 * beside the whole record. A record id is stored once. Writes follow the store's durability
 * ({@code ASYNC} by default). A month reads in the order of the transactions that wrote its records
 * (their ids), then of insertion: append order for one writer.
 *
 * <p>Public for the provider; create it through {@code PostgresStoreProvider}.
 */
public final class PostgresProductionLogStore implements ProductionLogStore {
    /** A position: the id of the transaction that wrote the last record read, and its seq. */
    private static final Pattern POSITION = Pattern.compile("([0-9]+):([0-9]+)");

    private final Database db;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final BatchWriter<Row> writer;
    private final CopyIn copy;
    private final String insertMonths;
    private final String readMonth;
    private final String readAfter;

    /** A record checked and encoded for {@code COPY} on the caller's thread, with its month. */
    record Row(int month, CopyIn.Row tuple) {
    }

    PostgresProductionLogStore(Database db, StoreSettings settings) {
        this.db = db.retain();
        this.copy = new CopyIn(db.table("production_log"), "id, month, ts, task, model_id, arm, corrected, "
            + "corrected_fields, rating, latency_ms, prompt_tokens, completion_tokens, body");
        this.insertMonths = "INSERT INTO " + db.table("production_months")
            + " (month) SELECT unnest(?::int[]) ON CONFLICT (month) DO NOTHING";
        this.readMonth = "SELECT seq, body FROM " + db.table("production_log") + " WHERE month = ? ORDER BY tx, seq";
        // The text of tx is named apart: an output column named tx is what ORDER BY tx would sort by.
        this.readAfter = "SELECT seq, body, tx::text AS tx_text FROM " + db.table("production_log")
            + " WHERE month = ? AND (tx, seq) > (?::xid8, ?) AND tx < pg_snapshot_xmin(pg_current_snapshot())"
            + " ORDER BY tx, seq LIMIT ?";
        this.writer = new BatchWriter<>("production_log", db, settings, this::insert);
    }

    @Override
    public void append(ProductionRecord record) {
        writer.append(row(record));
    }

    private static Row row(ProductionRecord r) {
        Objects.requireNonNull(r, "record");
        if (r.id().isEmpty()) {
            throw new InvalidInputException("id", "a stored production record needs an id");
        }
        if (r.timestamp().isEmpty()) {
            throw new InvalidInputException("timestamp", "a stored production record needs its timestamp");
        }
        Texts.check("id", r.id().get());
        Texts.check("model_id", r.modelId());
        List<String> corrected = correctedFields(r);
        for (String field : corrected) {
            Texts.check("corrected_fields", field);
        }
        CopyIn.checkTime("timestamp", r.timestamp().get());
        Codec.check("prediction", r.prediction());
        Codec.check("correction", r.correction());
        YearMonth month = YearMonth.from(r.timestamp().get().atZone(ZoneOffset.UTC));
        int key = key(month);
        return new Row(key, CopyIn.tuple(r.id().get(), key, r.timestamp().get(), r.task().value(), r.modelId(),
            r.arm().value(), r.isCorrected(), corrected,
            r.rating().isPresent() ? r.rating().getAsInt() : null,
            r.latencyMillis().isPresent() ? r.latencyMillis().getAsLong() : null,
            r.usage().map(u -> u.promptTokens()).orElse(null),
            r.usage().map(u -> u.completionTokens()).orElse(null),
            Codec.writeProductionRecord(r)));
    }

    private void insert(Connection c, List<Row> rows) throws SQLException {
        List<CopyIn.Row> tuples = new ArrayList<>(rows.size());
        TreeSet<Integer> months = new TreeSet<>();
        for (Row r : rows) {
            tuples.add(r.tuple());
            months.add(r.month());
        }
        copy.copy(c, tuples);
        try (PreparedStatement ps = c.prepareStatement(insertMonths)) {
            ps.setArray(1, c.createArrayOf("int4", months.toArray(new Integer[0])));
            ps.executeUpdate();
        }
    }

    @Override
    public Stream<ProductionRecord> read(YearMonth month) {
        Objects.requireNonNull(month, "month");
        writer.awaitWritten();
        return Rows.stream(db, readMonth, ps -> ps.setInt(1, key(month)),
            rs -> Codec.readProductionRecord(rs.getString(2), where(rs)));
    }

    /**
     * Reads from a position {@code <transaction id>:<seq>}, which the index on
     * {@code (month, tx, seq)} seeks to, so a call costs the records it returns.
     *
     * <p>A record's seq is taken at insert, but transactions commit in any order (several instances
     * write, each in batches), so a record can become visible behind one already read. This returns
     * only the records of transactions older than every transaction still running (the snapshot's
     * {@code xmin}): those are all committed, and no later one can write before them. The records of
     * a transaction still running, and of every newer one, are held back until it ends. So no record
     * is skipped or read twice, but a transaction that has written and stays open, anywhere in the
     * cluster, delays what this returns (it never loses it), and a page shorter than {@code limit}
     * does not mean the month has no more records to come.
     */
    @Override
    public Page readAfter(YearMonth month, String position, int limit) {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(position, "position");
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1, was " + limit);
        }
        long[] after = parsePosition(position);
        writer.awaitWritten();
        String[] last = {position};
        List<ProductionRecord> records = Rows.list(db, readAfter,
            ps -> {
                ps.setInt(1, key(month));
                ps.setString(2, Long.toString(after[0]));
                ps.setLong(3, after[1]);
                ps.setInt(4, limit);
            },
            rs -> {
                last[0] = rs.getString(3) + ":" + rs.getLong(1);
                return Codec.readProductionRecord(rs.getString(2), where(rs));
            });
        return new Page(records, last[0]);
    }

    /** The transaction id and seq of a position; {@link #START} is before every record. */
    private static long[] parsePosition(String position) {
        if (position.equals(START)) {
            return new long[] {0, 0};
        }
        Matcher m = POSITION.matcher(position);
        try {
            if (m.matches()) {
                return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
            }
        } catch (NumberFormatException tooLarge) {
            // digits, but more than any transaction id or seq
        }
        throw new InvalidInputException("position", "not a position of the PostgreSQL store: '" + position + "'");
    }

    @Override
    public List<YearMonth> months() {
        writer.awaitWritten();
        return List.copyOf(Rows.list(db, "SELECT month FROM " + db.table("production_months") + " ORDER BY month",
            ps -> { }, rs -> YearMonth.of(rs.getInt(1) / 100, rs.getInt(1) % 100)));
    }

    /**
     * Returns the number of records of a month.
     *
     * @param month the month
     * @return the count
     */
    public long count(YearMonth month) {
        Objects.requireNonNull(month, "month");
        writer.awaitWritten();
        return Rows.list(db, "SELECT count(*) FROM " + db.table("production_log") + " WHERE month = ?",
            ps -> ps.setInt(1, key(month)), rs -> rs.getLong(1)).get(0);
    }

    /**
     * Aggregates a month in SQL: one parallel {@code GROUP BY} model, arm and latency, whose exact
     * latency histograms give the nearest-rank percentiles ({@code percentile_disc}'s definition).
     */
    @Override
    public Optional<MonthAggregator> aggregator() {
        return Optional.of(month -> {
            Objects.requireNonNull(month, "month");
            writer.awaitWritten();
            return new Aggregation(db).aggregate(month);
        });
    }

    /**
     * The fields judged corrected when the record was tracked; for a record without a judgement,
     * the correction's fields whose values differ from the prediction's, if it counts as corrected.
     */
    static List<String> correctedFields(ProductionRecord r) {
        if (r.correctedFields().isPresent()) {
            return r.correctedFields().get();
        }
        if (!r.isCorrected()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : r.correction().entrySet()) {
            if (!Objects.equals(e.getValue(), r.prediction().get(e.getKey()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    static int key(YearMonth month) {
        return month.getYear() * 100 + month.getMonthValue();
    }

    private String where(ResultSet rs) throws SQLException {
        return db.table("production_log") + " row seq=" + rs.getLong(1);
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
