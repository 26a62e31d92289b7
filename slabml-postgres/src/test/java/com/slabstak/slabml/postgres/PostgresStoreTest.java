/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.StoreFullException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.postgres.internal.PostgresSettings;
import com.slabstak.slabml.spi.MonthAggregate;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.StateStore;
import com.slabstak.slabml.spi.StoreProvider;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.simulator.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the postgres store does beyond the contracts: several instances, outcomes, queues, SQL analysis. */
class PostgresStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-15T09:00:00Z");

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Stores open(String schema, Map<String, String> extra) {
        Stores s = PostgresTesting.open(schema, extra);
        open.add(s);
        return s;
    }

    private static Connection sql() throws Exception {
        return PostgresTesting.connect();
    }

    @Test
    void serviceLoader_findsTheProviderNamedPostgres() {
        assertThat(ServiceLoader.load(StoreProvider.class).stream().map(p -> p.get().name()))
            .contains("postgres");
    }

    @Test
    void create_withoutUrl_throwsNamingTheKey() {
        ProviderContext context = ProviderContext.of(SlabMlConfig.of(Map.of("slabml.postgres.schema", "Bad-Name")),
            Path.of("."), ManualClock.create());
        assertThatThrownBy(() -> new PostgresStoreProvider().create(context))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.postgres.url")
            .hasMessageContaining("slabml.postgres.schema");
    }

    @Test
    void settings_toString_masksThePasswordInKeyAndUrl() {
        PostgresSettings s = PostgresSettings.from(SlabMlConfig.of(Map.of(
            "slabml.postgres.url", "jdbc:postgresql://db/slabml?password=hunter2",
            "slabml.postgres.password", "hunter2")), true);
        assertThat(s.toString()).doesNotContain("hunter2").contains("****");
    }

    @Test
    void open_severalInstancesAtOnce_applyTheMigrationsOnce() throws Exception {
        // given
        String schema = PostgresTesting.freshSchema();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Stores>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(() -> PostgresTesting.open(schema, Map.of()));
        }
        // when
        try {
            for (Future<Stores> f : pool.invokeAll(starts)) {
                open.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        // then
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), max(version) FROM " + schema + ".schema_migrations")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2)).isPositive();
        }
    }

    @Test
    void open_schemaAtVersion1WithRows_dropsTheSeqIndexesAndKeepsTheRows() throws Exception {
        // given: a schema as version 1 left it (seq the primary key), with a sample stored
        String schema = PostgresTesting.freshSchema();
        open(schema, Map.of("slabml.store.durability", "SYNC")).samples().append(PostgresChildProcess.sample("old"));
        try (Connection c = sql(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + schema + ".samples REPLICA IDENTITY DEFAULT, ADD PRIMARY KEY (seq)");
            st.execute("ALTER TABLE " + schema + ".production_log REPLICA IDENTITY DEFAULT, ADD PRIMARY KEY (seq)");
            undoTransactionIds(st, schema);
            st.execute("DELETE FROM " + schema + ".schema_migrations WHERE version >= 2");
        }
        // when
        Stores s = open(schema, Map.of("slabml.store.durability", "SYNC"));
        s.samples().append(PostgresChildProcess.sample("old"));
        s.samples().append(PostgresChildProcess.sample("new"));
        // then
        assertThat(s.samples().read(TaskName.CARD_IDENTIFICATION).map(x -> x.id().orElseThrow()))
            .containsExactly("old", "new");
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_constraint WHERE contype = 'p' "
                 + "AND conrelid IN ('" + schema + ".samples'::regclass, '" + schema + ".production_log'::regclass)")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void open_schemaAtVersion2WithRows_comparesIdsBytewiseAndKeepsTheRowsAndReplicaIdentity() throws Exception {
        // given: a schema as version 2 left it (ids and tasks in the database's collation), with rows
        String schema = PostgresTesting.freshSchema();
        open(schema, Map.of("slabml.store.durability", "SYNC")).samples().append(PostgresChildProcess.sample("b-old"));
        try (Connection c = sql(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + schema + ".samples ALTER COLUMN id TYPE text COLLATE \"default\", "
                + "ALTER COLUMN task TYPE text COLLATE \"default\"");
            st.execute("ALTER TABLE " + schema + ".production_log ALTER COLUMN id TYPE text COLLATE \"default\"");
            undoTransactionIds(st, schema);
            st.execute("DELETE FROM " + schema + ".schema_migrations WHERE version >= 3");
        }
        assertThat(collations(schema)).doesNotContain("C");
        // when
        Stores s = open(schema, Map.of("slabml.store.durability", "SYNC"));
        s.samples().append(PostgresChildProcess.sample("b-old"));
        s.samples().append(PostgresChildProcess.sample("a-new"));
        // then
        assertThat(collations(schema)).containsExactly("C", "C", "C");
        assertThat(s.samples().read(TaskName.CARD_IDENTIFICATION).map(x -> x.id().orElseThrow()))
            .containsExactly("b-old", "a-new");
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT i.indexrelid::regclass::text FROM pg_index i WHERE i.indisreplident "
                 + "AND i.indrelid IN ('" + schema + ".samples'::regclass, '" + schema + ".production_log'::regclass) "
                 + "ORDER BY 1")) {
            List<String> identities = new ArrayList<>();
            while (rs.next()) {
                identities.add(rs.getString(1));
            }
            assertThat(identities).containsExactly(schema + ".production_log_id_key", schema + ".samples_id_key");
        }
    }

    @Test
    void open_schemaAtVersion3WithRows_followsTheLogFromTheRowsBeforeTheMigrationOnce() throws Exception {
        // given: a schema as version 3 left it (no transaction ids, the index on month and seq), with rows
        String schema = PostgresTesting.freshSchema();
        ProductionRecord.Builder base = ProductionRecord.builder().task(TaskName.CARD_IDENTIFICATION).modelId("m")
            .arm(Arm.CANDIDATE).prediction(Map.of("player", "x"));
        Stores before = open(schema, Map.of("slabml.store.durability", "SYNC"));
        for (String id : List.of("old-1", "old-2", "old-3")) {
            before.productionLog().append(base.id(id).timestamp(T0).build());
        }
        try (Connection c = sql(); Statement st = c.createStatement()) {
            undoTransactionIds(st, schema);
            st.execute("DELETE FROM " + schema + ".schema_migrations WHERE version >= 4");
        }
        // when
        Stores s = open(schema, Map.of("slabml.store.durability", "SYNC"));
        s.productionLog().append(base.id("new").timestamp(T0).build());
        List<String> read = new ArrayList<>();
        String position = ProductionLogStore.START;
        ProductionLogStore.Page page;
        do {
            page = s.productionLog().readAfter(YearMonth.of(2026, 1), position, 1);
            page.records().forEach(r -> read.add(r.id().orElseThrow()));
            position = page.position();
        } while (!page.records().isEmpty() && read.size() < 10);
        // then
        assertThat(read).containsExactly("old-1", "old-2", "old-3", "new");
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = '" + schema
                 + "' AND tablename = 'production_log' ORDER BY 1")) {
            List<String> indexes = new ArrayList<>();
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
            assertThat(indexes).containsExactly("production_log_id_key", "production_log_month_tx_seq");
        }
    }

    /** Takes the production log back to before migration 4: no transaction ids, the index on month and seq. */
    private static void undoTransactionIds(Statement st, String schema) throws Exception {
        st.execute("ALTER TABLE " + schema + ".production_log DROP COLUMN tx");
        st.execute("CREATE INDEX production_log_month_seq ON " + schema + ".production_log (month, seq)");
    }

    /** The collations of samples.id, samples.task and production_log.id, in that order. */
    private List<String> collations(String schema) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(collation_name, '') FROM information_schema.columns "
                 + "WHERE table_schema = '" + schema + "' AND (table_name, column_name) IN "
                 + "(('samples', 'id'), ('samples', 'task'), ('production_log', 'id')) "
                 + "ORDER BY table_name DESC, column_name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void append_sameIdTwice_storesItOnce() {
        Stores s = open(PostgresTesting.freshSchema(), Map.of("slabml.store.durability", "SYNC"));
        Sample sample = PostgresChildProcess.sample("retried");
        s.samples().append(sample);
        s.samples().append(sample);
        assertThat(s.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(1);
    }

    @Test
    void append_batchWithStoredRecords_storesTheNewOnesOnceWithEveryColumn() throws Exception {
        // given: two records stored, then a batch that repeats them beside new ones (a retry)
        String schema = PostgresTesting.freshSchema();
        Stores s = open(schema, Map.of("slabml.store.durability", "ASYNC"));
        ProductionRecord.Builder base = ProductionRecord.builder().task(TaskName.CARD_IDENTIFICATION).modelId("m")
            .arm(Arm.CANDIDATE).prediction(Map.of("player", "x"));
        Instant t = Instant.parse("2026-01-31T23:59:59.999999600Z");
        s.productionLog().append(base.id("a").timestamp(T0).build());
        s.productionLog().append(base.id("b").timestamp(T0).build());
        assertThat(s.productionLog().months()).containsExactly(YearMonth.of(2026, 1));
        // when
        for (String id : List.of("a", "c", "b")) {
            s.productionLog().append(base.id(id).timestamp(t).correctedFields(List.of("player", "y\"q\"\t"))
                .latencyMillis(12L).rating(4).build());
        }
        s.productionLog().append(base.id("d").timestamp(t).correctedFields(List.of()).latencyMillis(null).rating(null)
            .build());
        // then: the new ones are stored once, each column as given (ts to the microsecond, rounded)
        assertThat(s.productionLog().months()).containsExactly(YearMonth.of(2026, 1));
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, month, ts = '2026-02-01T00:00:00Z', corrected_fields, "
                 + "rating, latency_ms, prompt_tokens FROM " + schema + ".production_log ORDER BY seq")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getBoolean(3) + " " + rs.getString(4) + " "
                    + rs.getString(5) + " " + rs.getString(6) + " " + rs.getString(7));
            }
            assertThat(rows).containsExactly("a 202601 false {} null null null", "b 202601 false {} null null null",
                "c 202601 true {player,\"y\\\"q\\\"\t\"} 4 12 null", "d 202601 true {} null null null");
        }
        assertThat(s.productionLog().read(YearMonth.of(2026, 1)).map(r -> r.id().orElseThrow()))
            .containsExactly("a", "b", "c", "d");
    }

    @Test
    void appendAsync_batchWithOneRefusedRow_failsOnlyThatSampleAsNotWritten() throws Exception {
        // given: the database refuses one id
        String schema = PostgresTesting.freshSchema();
        Stores s = open(schema, Map.of("slabml.store.durability", "BATCH"));
        try (Connection c = sql(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + schema + ".samples ADD CONSTRAINT no_bad CHECK (id <> 'bad')");
        }
        // when
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (String id : List.of("ok-1", "bad", "ok-2")) {
            acks.add(s.samples().appendAsync(PostgresChildProcess.sample(id)));
        }
        // then
        acks.get(0).get(30, TimeUnit.SECONDS);
        acks.get(2).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> acks.get(1).get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.outcome()).isEqualTo(StoreException.Outcome.NOT_WRITTEN));
        try (Stream<Sample> all = s.samples().read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(all.map(x -> x.id().orElseThrow())).containsExactly("ok-1", "ok-2");
        }
    }

    @Test
    void appendAsync_queueFullUnderReject_throwsStoreFullAndKeepsWhatItAccepted() throws Exception {
        // given: the writer is stuck behind a lock on the table
        String schema = PostgresTesting.freshSchema();
        Stores s = open(schema, Map.of("slabml.store.durability", "BATCH", "slabml.store.queue_capacity", "4",
            "slabml.store.max_batch", "1", "slabml.store.when_full", "REJECT"));
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        StoreFullException full = null;
        try (Connection lock = sql()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE " + schema + ".samples IN ACCESS EXCLUSIVE MODE");
            }
            // when
            for (int i = 0; i < 100 && full == null; i++) {
                try {
                    accepted.add(s.samples().appendAsync(PostgresChildProcess.sample("q-" + i)));
                } catch (StoreFullException e) {
                    full = e;
                }
            }
            lock.rollback();
        }
        // then
        assertThat(full).isNotNull();
        assertThat(full.isRetryable()).isTrue();
        assertThat(accepted).hasSizeBetween(4, 6);
        CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(s.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(accepted.size());
    }

    @Test
    void appendEventIfCurrent_twoInstancesOnTheSameState_onlyOneAppends() {
        // given: two instances, each with a pool of its own, that both saw no event
        String schema = PostgresTesting.freshSchema();
        Stores a = open(schema, Map.of());
        Stores b = open(schema, Map.of());
        // when
        boolean first = a.registry().appendEventIfCurrent(event(20), 0);
        boolean second = b.registry().appendEventIfCurrent(event(50), 0);
        // then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(b.registry().events()).containsExactly(event(20));
        assertThat(b.registry().appendEventIfCurrent(event(50), 1)).isTrue();
    }

    @Test
    void version_writeByAnotherInstance_changesWithoutReadingTheEvents() throws Exception {
        String schema = PostgresTesting.freshSchema();
        Stores a = open(schema, Map.of());
        Stores b = open(schema, Map.of());
        long before = b.registry().version();
        a.registry().appendEvent(event(20));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (b.registry().version() == before && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the notification arrives on b's listener thread
        }
        assertThat(b.registry().version()).isNotEqualTo(before);
    }

    @Test
    void save_sameKeyFromTwoInstances_keepsOneRecord() {
        String schema = PostgresTesting.freshSchema();
        Stores a = open(schema, Map.of());
        Stores b = open(schema, Map.of());
        TrackedJob pending = TrackedJob.builder().idempotencyKey("k-1").model("base-model").trainingFileId("file-1")
            .createdAt(T0).updatedAt(T0).build();
        a.jobs().save(pending);
        b.jobs().save(pending.toBuilder().jobId("ftjob-1").updatedAt(T0.plusSeconds(5)).build());
        assertThat(a.jobs().list()).hasSize(1);
        assertThat(a.jobs().findByJobId("ftjob-1")).hasValueSatisfying(j -> assertThat(j.idempotencyKey()).isEqualTo("k-1"));
    }

    @Test
    void compareAndSet_staleVersion_isRefusedAndTheValueKept() {
        StateStore state = open(PostgresTesting.freshSchema(), Map.of()).state();
        assertThat(state.compareAndSet("loop/cards", 0, "{\"step\":1}")).hasValue(1);
        assertThat(state.compareAndSet("loop/cards", 0, "{\"step\":9}")).isEmpty();
        assertThat(state.compareAndSet("loop/cards", 1, "{\"step\":2}")).hasValue(2);
        assertThat(state.compareAndSet("loop/cards", 1, "{\"step\":9}")).isEmpty();
        assertThat(state.get("loop/cards")).hasValue(new StateStore.Versioned("{\"step\":2}", 2));
        assertThat(state.get("unknown")).isEmpty();
    }

    @Test
    void tryAcquireLease_heldByAnother_isRefusedUntilItExpiresOrIsReleased() {
        // given
        ManualClock clock = ManualClock.create();
        String schema = PostgresTesting.freshSchema();
        StateStore state = new PostgresStoreProvider().createStateStore(ProviderContext.of(
            PostgresTesting.config(schema, Map.of()), Path.of("."), clock));
        open.add(state);
        // when / then
        assertThat(state.tryAcquireLease("runner", "a", Duration.ofMinutes(1))).isTrue();
        assertThat(state.tryAcquireLease("runner", "b", Duration.ofMinutes(1))).isFalse();
        assertThat(state.tryAcquireLease("runner", "a", Duration.ofMinutes(1))).isTrue();
        clock.advance(Duration.ofSeconds(61));
        assertThat(state.tryAcquireLease("runner", "b", Duration.ofMinutes(1))).isTrue();
        state.releaseLease("runner", "a");
        assertThat(state.tryAcquireLease("runner", "a", Duration.ofMinutes(1))).isFalse();
        state.releaseLease("runner", "b");
        assertThat(state.tryAcquireLease("runner", "a", Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void aggregate_month_agreesWithNearestRankOverTheRecords() {
        // given: records of two models and two arms, some corrected, some without latency or usage
        Stores s = open(PostgresTesting.freshSchema(), Map.of("slabml.store.durability", "BATCH"));
        Random random = new Random(7);
        List<ProductionRecord> records = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ProductionRecord.Builder b = ProductionRecord.builder().id("p-" + i).task(TaskName.CARD_IDENTIFICATION)
                .timestamp(T0.plusSeconds(i)).modelId(i % 3 == 0 ? "base" : "ft:cards")
                .arm(i % 2 == 0 ? Arm.BASE : Arm.CANDIDATE)
                .prediction(Map.of("player", "Michael Jordan", "year", "1986"));
            if (i % 7 != 0) {
                b.latencyMillis((long) random.nextInt(2_000));
            }
            if (i % 5 != 0) {
                b.usage(new TokenUsage(300 + i % 11, 40 + i % 13));
            }
            if (i % 4 == 0) {
                b.rating(1 + i % 5);
            }
            if (i % 6 == 0) {
                b.correction(Map.of("player", "Michael Jordan", "year", "1986-87")); // judged by difference
            } else if (i % 9 == 0) {
                b.correctedFields(List.of("player", "year")); // judged when tracked
            }
            records.add(b.build());
        }
        records.forEach(s.productionLog()::append);
        s.productionLog().append(records.get(0).toBuilder().id("next-month").timestamp(T0.plusSeconds(40L * 86_400))
            .build());
        // when
        MonthAggregate month = s.productionLog().aggregator().orElseThrow().aggregate(YearMonth.of(2026, 1));
        // then
        assertThat(month.groups()).containsExactlyInAnyOrderElementsOf(expected(records));
        assertThat(month.skippedRecords()).isZero();
    }

    @Test
    void aggregate_month_percentilesEqualPercentileDiscInSql() throws Exception {
        // given: many ties and group sizes from 1 up, where ceil(p * n) lands on and beside whole ranks
        String schema = PostgresTesting.freshSchema();
        Stores s = open(schema, Map.of("slabml.store.durability", "BATCH"));
        Random random = new Random(11);
        int id = 0;
        int[] sizes = {1, 2, 3, 10, 20, 99, 100, 101, 1_000, 2_017};
        for (int m = 0; m < sizes.length; m++) {
            for (int i = 0; i < sizes[m]; i++) {
                s.productionLog().append(ProductionRecord.builder().id("q-" + id++).task(TaskName.CARD_IDENTIFICATION)
                    .timestamp(T0.plusSeconds(id)).modelId("m" + m).arm(i % 3 == 0 ? Arm.CANDIDATE : Arm.BASE)
                    .prediction(Map.of("player", "x")).latencyMillis((long) random.nextInt(1 + m * 7)).build());
            }
        }
        // when
        MonthAggregate month = s.productionLog().aggregator().orElseThrow().aggregate(YearMonth.of(2026, 1));
        // then: the same four percentiles as PostgreSQL's percentile_disc, per model and arm and per model
        Map<String, List<Long>> sql = new java.util.HashMap<>();
        try (Connection c = sql(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT model_id, CASE WHEN GROUPING(arm) = 1 THEN '*' ELSE arm END, "
                 + "count(latency_ms), percentile_disc(ARRAY[0.5, 0.9, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) "
                 + "FROM " + schema + ".production_log GROUP BY GROUPING SETS ((model_id, arm), (model_id))")) {
            while (rs.next()) {
                List<Long> v = new ArrayList<>(List.of(rs.getLong(3)));
                for (Object p : (Object[]) rs.getArray(4).getArray()) {
                    v.add(((Number) p).longValue());
                }
                sql.put(rs.getString(1) + "/" + rs.getString(2), v);
            }
        }
        assertThat(month.groups()).hasSize(sql.size());
        for (MonthAggregate.Group g : month.groups()) {
            MonthAggregate.Latency l = g.latency();
            assertThat(List.of(l.count(), l.p50(), l.p90(), l.p95(), l.p99()))
                .as(g.model() + "/" + g.arm())
                .isEqualTo(sql.get(g.model() + "/" + (g.arm() == null ? "*" : g.arm().value())));
            assertThat(l.exact()).isTrue();
        }
    }

    /** The aggregate by its definition, computed in memory. */
    private static List<MonthAggregate.Group> expected(List<ProductionRecord> records) {
        List<MonthAggregate.Group> out = new ArrayList<>();
        Map<String, List<ProductionRecord>> byModel = records.stream()
            .collect(Collectors.groupingBy(ProductionRecord::modelId));
        byModel.forEach((model, rs) -> {
            out.add(group(model, null, rs));
            rs.stream().collect(Collectors.groupingBy(ProductionRecord::arm))
                .forEach((arm, inArm) -> out.add(group(model, arm, inArm)));
        });
        return out;
    }

    private static MonthAggregate.Group group(String model, Arm arm, List<ProductionRecord> rs) {
        Map<String, Long> fields = new java.util.TreeMap<>();
        long corrected = 0;
        for (ProductionRecord r : rs) {
            if (r.isCorrected()) {
                corrected++;
                List<String> f = r.correctedFields().orElseGet(() -> r.correction().entrySet().stream()
                    .filter(e -> !e.getValue().equals(r.prediction().get(e.getKey()))).map(Map.Entry::getKey).toList());
                f.forEach(x -> fields.merge(x, 1L, Long::sum));
            }
        }
        List<Long> lat = rs.stream().filter(r -> r.latencyMillis().isPresent())
            .map(r -> r.latencyMillis().getAsLong()).sorted(Comparator.naturalOrder()).toList();
        MonthAggregate.Latency latency = lat.isEmpty() ? MonthAggregate.Latency.NONE
            : new MonthAggregate.Latency(lat.size(), rank(lat, 50), rank(lat, 90), rank(lat, 95), rank(lat, 99), 0);
        return new MonthAggregate.Group(model, arm, rs.size(), corrected, fields,
            rs.stream().filter(r -> r.rating().isPresent()).count(),
            rs.stream().filter(r -> r.rating().isPresent()).mapToLong(r -> r.rating().getAsInt()).sum(),
            rs.stream().flatMap(r -> r.usage().stream()).mapToLong(TokenUsage::promptTokens).sum(),
            rs.stream().flatMap(r -> r.usage().stream()).mapToLong(TokenUsage::completionTokens).sum(),
            latency);
    }

    private static long rank(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    private static DeploymentEvent event(int percent) {
        Deployment d = Deployment.builder().task(TaskName.CARD_IDENTIFICATION).baseModel("base-model")
            .candidateModel("ft:cards").rolloutPercent(percent).updatedAt(T0).build();
        return DeploymentEvent.builder().at(T0).action("set").deployment(d).previousPercent(0).reason("test").build();
    }
}
