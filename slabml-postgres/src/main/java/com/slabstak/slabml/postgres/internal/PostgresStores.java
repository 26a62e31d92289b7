/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.StateStore;
import com.slabstak.slabml.spi.StoreSettings;
import com.slabstak.slabml.spi.Stores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the stores on one database. Public for the provider in the parent package; not part of the API.
 */
public final class PostgresStores {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStores.class);

    private PostgresStores() {
    }

    /**
     * Opens the database and every store on it.
     *
     * @param config the configuration
     * @param clock the clock leases are timed by
     * @param dataSource the host's data source, or {@code null} for a pool of the store's own
     * @return the five stores, state included; closing them closes the pool of their own
     */
    public static Stores open(SlabMlConfig config, Clock clock, DataSource dataSource) {
        PostgresSettings settings = PostgresSettings.from(config, dataSource == null);
        StoreSettings samples = StoreSettings.from(config, "samples");
        StoreSettings log = StoreSettings.from(config, "production_log");
        Database db = Database.open(settings, dataSource);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            PostgresSampleStore s = add(opened, new PostgresSampleStore(db, samples));
            PostgresProductionLogStore p = add(opened, new PostgresProductionLogStore(db, log));
            PostgresRegistryStore r = add(opened, new PostgresRegistryStore(db));
            PostgresJobStore j = add(opened, new PostgresJobStore(db));
            PostgresStateStore state = add(opened, new PostgresStateStore(db, clock));
            LOG.info("postgres store (durability: samples {}, production_log {}; registry and jobs commit each write)",
                samples.durability(), log.durability());
            return new Stores(s, p, r, j, state);
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        } finally {
            db.release(); // each store holds its own reference
        }
    }

    /**
     * Opens the database and a state store on it alone.
     *
     * @param config the configuration
     * @param clock the clock leases are timed by
     * @param dataSource the host's data source, or {@code null} for a pool of the store's own
     * @return the state store; closing it closes its pool
     */
    public static StateStore openState(SlabMlConfig config, Clock clock, DataSource dataSource) {
        Database db = Database.open(PostgresSettings.from(config, dataSource == null), dataSource);
        try {
            return new PostgresStateStore(db, clock);
        } finally {
            db.release();
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> opened, T c) {
        opened.add(c);
        return c;
    }
}
