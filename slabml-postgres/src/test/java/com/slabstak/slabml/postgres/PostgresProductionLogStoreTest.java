/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.testkit.contract.ProductionLogStoreContract;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The testkit's {@link ProductionLogStoreContract} on a real PostgreSQL, each test on a schema of its
 * own, and what following the log does there: concurrent transactions and the index it reads by.
 */
class PostgresProductionLogStoreTest extends ProductionLogStoreContract {
    private static final YearMonth JANUARY = YearMonth.of(2026, 1);

    private final List<AutoCloseable> open = new ArrayList<>();
    private String schema;

    @Override
    protected ProductionLogStore createStore() {
        schema = PostgresTesting.freshSchema();
        Stores stores = PostgresTesting.open(schema, Map.of());
        open.add(stores);
        return stores.productionLog();
    }

    /** The contract closes its store; the other stores of the schema, and any other, close here. */
    @AfterEach
    void closeTheOtherStores() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static ProductionRecord january(String id, int minute) {
        return record(id, "2026-01-02T10:00:00Z").toBuilder()
            .timestamp(Instant.parse("2026-01-02T10:00:00Z").plusSeconds(minute * 60L)).build();
    }

    private static List<String> ids(List<ProductionRecord> records) {
        return records.stream().map(r -> r.id().orElseThrow()).collect(Collectors.toList());
    }

    @Test
    void readAfter_rowOfATransactionStillOpen_holdsBackWhatCommittedAfterItUntilItCommits() throws Exception {
        // given: two records, a row another instance writes in a transaction it keeps open, two records after it
        ProductionLogStore log = store();
        log.append(january("before-1", 1));
        log.append(january("before-2", 2));
        assertThat(log.months()).containsExactly(JANUARY);
        ProductionLogStore.Page held;
        ProductionLogStore.Page waiting;
        try (Connection other = PostgresTesting.connect()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.executeUpdate("INSERT INTO " + schema + ".production_log (id, month, ts, task, model_id, arm, "
                    + "corrected, corrected_fields, body) SELECT 'late', month, ts, task, model_id, arm, corrected, "
                    + "corrected_fields, replace(body, '\"before-2\"', '\"late\"') FROM " + schema + ".production_log "
                    + "WHERE id = 'before-2'");
            }
            log.append(january("after-1", 3));
            log.append(january("after-2", 4));
            // when
            held = log.readAfter(JANUARY, ProductionLogStore.START, 10);
            waiting = log.readAfter(JANUARY, held.position(), 10);
            other.commit();
        }
        ProductionLogStore.Page rest = follow(JANUARY, held.position(), 1, 3);
        // then: nothing committed after the open transaction came before it ended, then every row once
        assertThat(ids(held.records())).containsExactly("before-1", "before-2");
        assertThat(waiting.records()).isEmpty();
        assertThat(waiting.position()).isEqualTo(held.position());
        assertThat(ids(rest.records())).containsExactly("late", "after-1", "after-2");
        List<ProductionRecord> all = new ArrayList<>(held.records());
        all.addAll(rest.records());
        try (Stream<ProductionRecord> read = log.read(JANUARY)) {
            assertThat(all).containsExactlyElementsOf(read.collect(Collectors.toList()));
        }
        assertThat(log.readAfter(JANUARY, rest.position(), 10).records()).isEmpty();
    }

    @Test
    void readAfter_lastPageOfALongMonth_seeksWithTheIndexToThePosition() throws Exception {
        // given: 100,000 records of a month, and a reader 10 records before their end
        Recorder recorder = new Recorder("pg_snapshot_xmin");
        String longMonth = PostgresTesting.freshSchema();
        Stores stores = PostgresStoreProvider.builder().dataSource(recorder.wrap(PostgresTesting.server()
            .getPostgresDatabase())).build().create(PostgresTesting.config(longMonth, Map.of()));
        open.add(stores);
        ProductionLogStore log = stores.productionLog();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            log.append(january("r-" + i, i % 1_000));
        }
        String position = ProductionLogStore.START;
        for (int read = 0; read < n - 10; ) {
            ProductionLogStore.Page page = log.readAfter(JANUARY, position, Math.min(9_999, n - 10 - read));
            assertThat(page.records()).isNotEmpty();
            read += page.records().size();
            position = page.position();
        }
        try (Connection c = PostgresTesting.connect(); Statement st = c.createStatement()) {
            st.execute("ANALYZE " + longMonth + ".production_log");
        }
        // when
        ProductionLogStore.Page last = log.readAfter(JANUARY, position, 100);
        // then: the index scan starts at the position and reads the 10 rows after it, nothing before
        assertThat(ids(last.records())).containsExactly("r-99990", "r-99991", "r-99992", "r-99993", "r-99994",
            "r-99995", "r-99996", "r-99997", "r-99998", "r-99999");
        String plan = recorder.explainLast();
        assertThat(plan).contains("Index Scan using production_log_month_tx_seq")
            .containsPattern("Index Cond: .*ROW\\(tx, seq\\) > ROW\\(")
            .containsPattern("Index Scan using production_log_month_tx_seq .*actual rows=10 ")
            .doesNotContain("Seq Scan", "Sort", "Rows Removed by Filter");
    }

    /**
     * A data source that notes the statements prepared with a text containing a marker, and the
     * parameters set on them, so that a test can {@code EXPLAIN} what the store ran.
     */
    private static final class Recorder {
        private final String marker;
        private final List<String> sql = new CopyOnWriteArrayList<>();
        private final List<Map<Integer, Object>> parameters = new CopyOnWriteArrayList<>();

        Recorder(String marker) {
            this.marker = marker;
        }

        DataSource wrap(DataSource target) {
            return proxy(DataSource.class, target, null);
        }

        /** Runs {@code EXPLAIN ANALYZE} on the last statement noted, with its parameters. */
        String explainLast() throws Exception {
            int last = sql.size() - 1;
            assertThat(last).as("a statement with " + marker + " was prepared").isNotNegative();
            try (Connection c = PostgresTesting.connect();
                 PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql.get(last))) {
                for (Map.Entry<Integer, Object> p : parameters.get(last).entrySet()) {
                    ps.setObject(p.getKey(), p.getValue());
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            }
        }

        private <T> T proxy(Class<T> type, T target, Map<Integer, Object> set) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
                Object out;
                try {
                    out = m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (m.getName().equals("getConnection")) {
                    return proxy(Connection.class, (Connection) out, null);
                }
                if (m.getName().equals("prepareStatement") && args[0] instanceof String text && text.contains(marker)) {
                    Map<Integer, Object> bound = new TreeMap<>();
                    sql.add(text);
                    parameters.add(bound);
                    return proxy(PreparedStatement.class, (PreparedStatement) out, bound);
                }
                if (set != null && m.getName().startsWith("set") && args != null && args.length == 2
                    && args[0] instanceof Integer index) {
                    set.put(index, args[1]);
                }
                return out;
            }));
        }
    }
}
