/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Stores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The binary {@code COPY} write path at its edges: a retried id without any privilege beyond the
 * table's, two instances storing the same ids, and values PostgreSQL cannot hold refused on the
 * caller's thread, so that they never fail a queued batch of good records.
 */
class PostgresCopyTest {
    private static final Instant WHEN = Instant.parse("2026-01-15T09:00:00Z");
    /** Unix-epoch microseconds just above {@code Long.MIN_VALUE}: shifting them to 2000 overflows. */
    private static final Instant NEAR_LONG_MIN_MICROS = Instant.ofEpochSecond(-9_223_372_036_000L);

    private final List<Stores> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Stores::close);
    }

    private Stores open(String schema, Map<String, String> extra) {
        Stores s = PostgresTesting.open(schema, extra);
        opened.add(s);
        return s;
    }

    private static Connection sql() throws Exception {
        return PostgresTesting.connect();
    }

    private static String query(String sql) throws Exception {
        try (Connection c = sql(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Sample sample(String id, Instant createdAt) {
        return PostgresChildProcess.sample(id).toBuilder().createdAt(createdAt).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYNC", "BATCH"})
    void append_retriedIdWithoutTemporaryTablePrivilege_storesEachIdOnce(String durability) throws Exception {
        String schema = PostgresTesting.freshSchema();
        String role = "writer_" + schema;
        try (Connection c = sql(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN");
            st.execute("GRANT CREATE ON DATABASE postgres TO " + role);
            st.execute("REVOKE TEMPORARY ON DATABASE postgres FROM PUBLIC");
        }
        try {
            Map<String, String> extra = new HashMap<>(Map.of("slabml.store.durability", durability,
                "slabml.postgres.user", role));
            Stores s = open(schema, extra);
            s.samples().append(PostgresChildProcess.sample("a"));

            // a retry after an unknown outcome, in one batch with a new sample and a repeat of it
            CompletableFuture.allOf(s.samples().appendAsync(PostgresChildProcess.sample("a")),
                s.samples().appendAsync(PostgresChildProcess.sample("b")),
                s.samples().appendAsync(PostgresChildProcess.sample("b"))).get();

            assertThat(query("SELECT string_agg(id, ',' ORDER BY seq) FROM " + schema + ".samples")).isEqualTo("a,b");
        } finally {
            try (Connection c = sql(); Statement st = c.createStatement()) {
                st.execute("GRANT TEMPORARY ON DATABASE postgres TO PUBLIC");
            }
        }
    }

    @Test
    void appendAsync_twoInstancesStoringTheSameIds_acknowledgesEveryCallAndStoresEachIdOnce() throws Exception {
        String schema = PostgresTesting.freshSchema();
        Stores a = open(schema, Map.of("slabml.store.durability", "BATCH"));
        Stores b = open(schema, Map.of("slabml.store.durability", "BATCH"));
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            acks.add((i % 2 == 0 ? a : b).samples().appendAsync(PostgresChildProcess.sample("id-" + i / 2)));
        }

        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get();

        assertThat(query("SELECT count(*) FROM " + schema + ".samples")).isEqualTo("1500");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-290308-12-21T20:13:20Z", "+300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z"})
    void append_timePostgresCannotHold_isRefusedOnTheCallersThreadNamingTheField(String time) {
        Instant t = Instant.parse(time);
        for (String durability : List.of("SYNC", "BATCH", "ASYNC")) {
            Stores s = open(PostgresTesting.freshSchema(), Map.of("slabml.store.durability", durability));

            assertThatThrownBy(() -> s.samples().appendAsync(sample("s", t))).as(durability)
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("created_at");
            assertThatThrownBy(() -> s.productionLog().append(ProductionRecord.builder().id("p")
                .task(TaskName.CARD_IDENTIFICATION).modelId("m").arm(Arm.BASE).prediction(Map.of("player", "x"))
                .timestamp(t).build())).as(durability)
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("timestamp");
        }
        assertThat(NEAR_LONG_MIN_MICROS).isEqualTo(Instant.parse("-290308-12-21T20:13:20Z"));
    }

    @Test
    void append_async_badTimeBetweenGoodSamples_theGoodOnesAreStored() throws Exception {
        String schema = PostgresTesting.freshSchema();
        Stores s = open(schema, Map.of("slabml.store.durability", "ASYNC"));

        s.samples().append(sample("g1", WHEN));
        assertThatThrownBy(() -> s.samples().append(sample("bad", Instant.parse("-5000-01-01T00:00:00Z"))))
            .isInstanceOf(InvalidInputException.class);
        s.samples().append(sample("g2", WHEN));
        s.close();

        assertThat(query("SELECT string_agg(id, ',' ORDER BY seq) FROM " + schema + ".samples")).isEqualTo("g1,g2");
    }

    @Test
    void append_nulInModelIdOrCorrectedField_isRefusedNamingTheField() {
        Stores s = open(PostgresTesting.freshSchema(), Map.of("slabml.store.durability", "ASYNC"));
        ProductionRecord.Builder r = ProductionRecord.builder().id("p").task(TaskName.CARD_IDENTIFICATION)
            .modelId("m").arm(Arm.BASE).prediction(Map.of("player", "x")).timestamp(WHEN);

        assertThatThrownBy(() -> s.productionLog().append(r.modelId("m\0").build()))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("model_id");
        assertThatThrownBy(() -> s.productionLog().append(r.modelId("m").correctedFields(List.of("pla\0yer")).build()))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("corrected_fields");
    }
}
