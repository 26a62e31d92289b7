/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write outcome contract under database faults: a connection killed mid-batch, the database
 * restarted, a statement timeout. Whatever happens, an acknowledged sample is stored, a failure
 * reported {@code NOT_WRITTEN} left nothing behind, and a retry with the same id stores it once.
 */
class PostgresFaultTest {
    private static final TaskName TASK = TaskName.CARD_IDENTIFICATION;

    @TempDir
    Path temp;

    private static Connection admin(String url) throws Exception {
        return DriverManager.getConnection(url, "postgres", "");
    }

    private static Set<String> storedIds(Stores stores) {
        try (Stream<Sample> all = stores.samples().read(TASK)) {
            List<String> ids = all.map(s -> s.id().orElseThrow()).collect(Collectors.toList());
            assertThat(ids).doesNotHaveDuplicates();
            return new HashSet<>(ids);
        }
    }

    /** Waits for every future; returns the outcome of each failed one by id. */
    private static Map<String, StoreException> failures(Map<String, CompletableFuture<Void>> acks) throws Exception {
        Map<String, StoreException> failed = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<Void>> e : acks.entrySet()) {
            try {
                e.getValue().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException ex) {
                assertThat(ex.getCause()).as("a failed write is a typed StoreException").isInstanceOf(StoreException.class);
                failed.put(e.getKey(), (StoreException) ex.getCause());
            }
        }
        return failed;
    }

    /** Checks the outcome contract, then retries every failure with its id and checks all land once. */
    private static void assertOutcomesHonestThenRetryStoresAllOnce(Stores stores, Map<String, CompletableFuture<Void>> acks)
        throws Exception {
        Map<String, StoreException> failed = failures(acks);
        Set<String> stored = storedIds(stores);
        for (String id : acks.keySet()) {
            StoreException f = failed.get(id);
            if (f == null) {
                assertThat(stored).as("acknowledged %s", id).contains(id);
            } else if (f.outcome() == StoreException.Outcome.NOT_WRITTEN) {
                assertThat(stored).as("%s was reported not written", id).doesNotContain(id);
            }
        }
        for (String id : failed.keySet()) {
            retry(stores, id);
        }
        assertThat(storedIds(stores)).containsExactlyInAnyOrderElementsOf(acks.keySet());
    }

    private static void retry(Stores stores, String id) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                stores.samples().appendAsync(PostgresChildProcess.sample(id)).get(60, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | StoreException e) {
                if (attempt == 50) {
                    throw new AssertionError("retrying " + id + " kept failing", e);
                }
                Thread.sleep(100);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("retrying " + id + " hung", e);
            }
        }
    }

    @Test
    void appendAsync_connectionsKilledMidBatch_acknowledgedStoredFailuresHonestRetriesOnce() throws Exception {
        // given
        String schema = PostgresTesting.freshSchema();
        try (Stores stores = PostgresTesting.open(schema, Map.of("slabml.store.durability", "BATCH",
            "slabml.store.max_batch", "64"))) {
            Map<String, CompletableFuture<Void>> acks = new LinkedHashMap<>();
            int kills = 0;
            // when: every 250 samples, the server terminates every connection working on this schema
            try (Connection admin = admin(PostgresTesting.url()); Statement st = admin.createStatement()) {
                for (int i = 0; i < 3_000; i++) {
                    String id = "kill-" + i;
                    try {
                        acks.put(id, stores.samples().appendAsync(PostgresChildProcess.sample(id)));
                    } catch (StoreException e) {
                        acks.put(id, CompletableFuture.failedFuture(e));
                    }
                    if (i % 250 == 125) {
                        st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                            + "AND query LIKE '%" + schema + ".%'");
                        kills++;
                    }
                }
            }
            // then
            assertThat(kills).isEqualTo(12);
            assertOutcomesHonestThenRetryStoresAllOnce(stores, acks);
        }
    }

    @Test
    void appendAsync_databaseRestarted_acknowledgedKeptAndOutageWritesLandOrFailHonestly() throws Exception {
        // given: a server of this test's own, on a fixed port and data directory so it can restart
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(temp.resolve("pgdata"));
        EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data)
            .setCleanDataDirectory(false).start();
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Stores stores = new PostgresStoreProvider().create(com.slabstak.slabml.spi.ProviderContext.of(
            configOn(url, "restart"), temp, java.time.Clock.systemUTC()))) {
            Map<String, CompletableFuture<Void>> acks = new LinkedHashMap<>();
            for (int i = 0; i < 200; i++) {
                acks.put("before-" + i, stores.samples().appendAsync(PostgresChildProcess.sample("before-" + i)));
            }
            CompletableFuture.allOf(acks.values().toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            // when: the database goes down while samples are written, and comes back on the same directory
            server.close();
            Map<String, CompletableFuture<Void>> during = new LinkedHashMap<>();
            for (int i = 0; i < 20; i++) {
                String id = "during-" + i;
                try {
                    during.put(id, stores.samples().appendAsync(PostgresChildProcess.sample(id)));
                } catch (StoreException e) {
                    during.put(id, CompletableFuture.failedFuture(e));
                }
            }
            Thread.sleep(2_000);
            server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false).start();

            // then: what was acknowledged before is there, and each write made while it was down either
            // completed once it was back or failed with an honest outcome; retries store each once
            acks.putAll(during);
            assertOutcomesHonestThenRetryStoresAllOnce(stores, acks);
        } finally {
            server.close();
        }
    }

    private static com.slabstak.slabml.SlabMlConfig configOn(String url, String schema) {
        return com.slabstak.slabml.SlabMlConfig.of(Map.of(
            "slabml.store.provider", "postgres",
            "slabml.postgres.url", url,
            "slabml.postgres.user", "postgres",
            "slabml.postgres.password", "unused-by-trust-auth",
            "slabml.postgres.schema", schema,
            "slabml.postgres.pool_size", "2",
            "slabml.store.durability", "BATCH"));
    }

    @Test
    void append_statementTimeout_failsNotWrittenAndARetryStoresItOnce() throws Exception {
        // given: statements time out after 300 ms, and another session holds the table
        String schema = PostgresTesting.freshSchema();
        try (Stores stores = PostgresTesting.open(schema, Map.of("slabml.store.durability", "SYNC",
            "slabml.postgres.url", PostgresTesting.url() + "?options=-c%20statement_timeout%3D300"))) {
            stores.samples().append(PostgresChildProcess.sample("warm-up"));
            StoreException timedOut;
            try (Connection lock = admin(PostgresTesting.url())) {
                lock.setAutoCommit(false);
                try (Statement st = lock.createStatement()) {
                    st.execute("LOCK TABLE " + schema + ".samples IN ACCESS EXCLUSIVE MODE");
                }
                // when
                timedOut = (StoreException) catchThrowable(
                    () -> stores.samples().append(PostgresChildProcess.sample("slow")));
                lock.rollback();
            }
            // then
            assertThat(timedOut).as("a timed-out write is a typed StoreException").isNotNull();
            assertThat(timedOut.outcome()).isEqualTo(StoreException.Outcome.NOT_WRITTEN);
            assertThat(storedIds(stores)).containsExactly("warm-up");
            stores.samples().append(PostgresChildProcess.sample("slow"));
            stores.samples().append(PostgresChildProcess.sample("slow"));
            assertThat(storedIds(stores)).containsExactlyInAnyOrder("warm-up", "slow");
        }
    }
}
