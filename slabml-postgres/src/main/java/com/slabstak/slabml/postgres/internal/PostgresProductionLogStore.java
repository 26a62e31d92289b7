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
import java.util.stream.Stream;

/**
 * Production records in the {@code production_log} table, with the month of their timestamp (UTC)
 * and the fields an analysis aggregates (model, arm, corrected, rating, latency, tokens) as columns
 * beside the whole record. A record id is stored once. Writes follow the store's durability
 * ({@code ASYNC} by default).
 *
 * <p>Public for the provider; create it through {@code PostgresStoreProvider}.
 */
public final class PostgresProductionLogStore implements ProductionLogStore {
    private final Database db;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final BatchWriter<Row> writer;
    private final String insert;
    private final String insertMonths;
    private final String copySql;

    /** A record checked and encoded on the caller's thread. */
    record Row(String id, int month, String timestamp, String task, String modelId, String arm, boolean corrected,
               String correctedFields, Integer rating, Long latencyMillis, Long promptTokens, Long completionTokens, String body) {
    }

    PostgresProductionLogStore(Database db, StoreSettings settings) {
        this.db = db.retain();
        this.insert = "INSERT INTO " + db.table("production_log")
            + " (id, month, ts, task, model_id, arm, corrected, corrected_fields, rating, latency_ms, prompt_tokens, "
            + "completion_tokens, body) "
            + "SELECT id, month, ts::timestamptz, task, model_id, arm, corrected, corrected_fields::text[], rating, "
            + "latency_ms, prompt_tokens, completion_tokens, body FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::boolean[], ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[]) "
            + "AS u(id, month, ts, task, model_id, arm, corrected, corrected_fields, rating, latency_ms, prompt_tokens, "
            + "completion_tokens, body) "
            + "ON CONFLICT (id) DO NOTHING";
        this.insertMonths = "INSERT INTO " + db.table("production_months")
            + " (month) SELECT unnest(?::int[]) ON CONFLICT (month) DO NOTHING";
        this.copySql = "COPY " + db.table("production_log") + " (id, month, ts, task, model_id, arm, corrected, "
            + "corrected_fields, rating, latency_ms, prompt_tokens, completion_tokens, body) FROM STDIN";
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
        Codec.check("prediction", r.prediction());
        Codec.check("correction", r.correction());
        YearMonth month = YearMonth.from(r.timestamp().get().atZone(ZoneOffset.UTC));
        return new Row(r.id().get(), month.getYear() * 100 + month.getMonthValue(), r.timestamp().get().toString(),
            r.task().value(), r.modelId(), r.arm().value(), r.isCorrected(), Aggregation.arrayLiteral(correctedFields(r)),
            r.rating().isPresent() ? r.rating().getAsInt() : null,
            r.latencyMillis().isPresent() ? r.latencyMillis().getAsLong() : null,
            r.usage().map(u -> u.promptTokens()).orElse(null),
            r.usage().map(u -> u.completionTokens()).orElse(null),
            Codec.writeProductionRecord(r));
    }

    private void insert(Connection c, List<Row> rows) throws SQLException {
        CopyIn copy = new CopyIn();
        TreeSet<Integer> months = new TreeSet<>();
        for (Row r : rows) {
            copy.row(r.id(), r.month(), r.timestamp(), r.task(), r.modelId(), r.arm(), r.corrected(),
                r.correctedFields(), r.rating(), r.latencyMillis(), r.promptTokens(), r.completionTokens(), r.body());
            months.add(r.month());
        }
        copy.copyOrElse(c, copySql, () -> insertSkippingStored(c, rows));
        try (PreparedStatement ps = c.prepareStatement(insertMonths)) {
            ps.setArray(1, c.createArrayOf("int4", months.toArray(new Integer[0])));
            ps.executeUpdate();
        }
    }

    /** {@code INSERT ... ON CONFLICT DO NOTHING}: a retried record is stored once. */
    private void insertSkippingStored(Connection c, List<Row> rows) throws SQLException {
        int n = rows.size();
        String[] id = new String[n];
        Integer[] month = new Integer[n];
        String[] ts = new String[n];
        String[] task = new String[n];
        String[] model = new String[n];
        String[] arm = new String[n];
        Boolean[] corrected = new Boolean[n];
        String[] correctedFields = new String[n];
        Integer[] rating = new Integer[n];
        Long[] latency = new Long[n];
        Long[] prompt = new Long[n];
        Long[] completion = new Long[n];
        String[] body = new String[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            id[i] = r.id();
            month[i] = r.month();
            ts[i] = r.timestamp();
            task[i] = r.task();
            model[i] = r.modelId();
            arm[i] = r.arm();
            corrected[i] = r.corrected();
            correctedFields[i] = r.correctedFields();
            rating[i] = r.rating();
            latency[i] = r.latencyMillis();
            prompt[i] = r.promptTokens();
            completion[i] = r.completionTokens();
            body[i] = r.body();
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setArray(1, c.createArrayOf("text", id));
            ps.setArray(2, c.createArrayOf("int4", month));
            ps.setArray(3, c.createArrayOf("text", ts));
            ps.setArray(4, c.createArrayOf("text", task));
            ps.setArray(5, c.createArrayOf("text", model));
            ps.setArray(6, c.createArrayOf("text", arm));
            ps.setArray(7, c.createArrayOf("bool", corrected));
            ps.setArray(8, c.createArrayOf("text", correctedFields));
            ps.setArray(9, c.createArrayOf("int4", rating));
            ps.setArray(10, c.createArrayOf("int8", latency));
            ps.setArray(11, c.createArrayOf("int8", prompt));
            ps.setArray(12, c.createArrayOf("int8", completion));
            ps.setArray(13, c.createArrayOf("text", body));
            ps.executeUpdate();
        }
    }

    @Override
    public Stream<ProductionRecord> read(YearMonth month) {
        Objects.requireNonNull(month, "month");
        writer.awaitWritten();
        return Rows.stream(db, "SELECT seq, body FROM " + db.table("production_log") + " WHERE month = ? ORDER BY seq",
            ps -> ps.setInt(1, key(month)),
            rs -> Codec.readProductionRecord(rs.getString(2), where(rs)));
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
