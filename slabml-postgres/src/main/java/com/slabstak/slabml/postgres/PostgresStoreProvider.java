/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.postgres.internal.PostgresStores;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.StateStore;
import com.slabstak.slabml.spi.StoreProvider;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@code postgres} store: samples, the production log, the model registry, tracked jobs and
 * the versioned state with its leases in one PostgreSQL database that every instance of a service
 * shares. Chosen with
 * {@code slabml.store.provider=postgres}; the schema is created and migrated on first use.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code slabml.postgres.url}</td><td>(required)</td><td>JDBC URL,
 *       {@code jdbc:postgresql://host:5432/db}</td></tr>
 *   <tr><td>{@code slabml.postgres.user}</td><td></td><td>user</td></tr>
 *   <tr><td>{@code slabml.postgres.password}</td><td></td><td>password (a secret: never logged)</td></tr>
 *   <tr><td>{@code slabml.postgres.schema}</td><td>{@code slabml}</td><td>schema of the tables</td></tr>
 *   <tr><td>{@code slabml.postgres.pool_size}</td><td>10</td><td>connections of the store's own pool</td></tr>
 * </table>
 *
 * <p>The write settings {@code slabml.store.*} ({@link com.slabstak.slabml.spi.StoreSettings}) mean
 * what they mean on the file store: {@code ASYNC} batches off the request path, {@code BATCH}
 * acknowledges after the commit holding the record (one commit per batch), {@code SYNC} commits
 * each call. The registry and jobs commit every write before returning, whatever the mode.
 *
 * <p>Configured by keys, discovered through {@code ServiceLoader}:
 * <pre>{@code
 * SlabMl slabMl = SlabMl.builder()
 *     .putConfig("slabml.store.provider", "postgres")
 *     .putConfig("slabml.postgres.url", "jdbc:postgresql://db:5432/slabml")
 *     .putConfig("slabml.postgres.user", "slabml")
 *     .putConfig("slabml.postgres.password", secret)
 *     .build();
 * }</pre>
 * Or on the host's connection pool:
 * <pre>{@code
 * Stores stores = PostgresStoreProvider.builder().dataSource(hostPool).build().create(config);
 * SlabMl slabMl = SlabMl.builder().stores(stores).build(); // the host closes stores after slabMl
 * }</pre>
 *
 * @since 0.2
 */
public final class PostgresStoreProvider implements StoreProvider {
    private final DataSource dataSource;

    /** Creates the provider {@code ServiceLoader} finds; it reads its pool's settings from the keys. */
    public PostgresStoreProvider() {
        this(null);
    }

    private PostgresStoreProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Returns a builder, for a provider on the host's own {@link DataSource}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns {@code postgres}.
     *
     * @return the provider's name
     */
    @Override
    public String name() {
        return "postgres";
    }

    /**
     * Opens the database (a pool of its own unless a data source was given), applies missing
     * migrations and returns the stores, {@link Stores#state()} included. Closing the stores closes
     * the pool of its own.
     *
     * @param context the configuration and clock
     * @return the stores
     * @throws ConfigurationException when a {@code slabml.postgres.*} or {@code slabml.store.*} key is wrong
     * @throws StoreException when the database cannot be reached or migrated
     */
    @Override
    public Stores create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return PostgresStores.open(context.config(), context.clock(), dataSource);
    }

    /**
     * Returns the stores for a configuration, with the system clock.
     *
     * <pre>{@code
     * Stores stores = PostgresStoreProvider.builder().dataSource(ds).build().create(config);
     * }</pre>
     *
     * @param config the configuration
     * @return the stores
     * @throws ConfigurationException when a key is wrong
     * @throws StoreException when the database cannot be reached or migrated
     */
    public Stores create(SlabMlConfig config) {
        Objects.requireNonNull(config, "config");
        return create(ProviderContext.of(config, Path.of("."), Clock.systemUTC()));
    }

    /**
     * Returns a {@link StateStore} alone (the one {@link #create(ProviderContext)} returns as
     * {@link Stores#state()} shares the stores' pool): versioned values and leases shared by every
     * instance. It has a connection pool of its own unless a data source was given; close it.
     *
     * <pre>{@code
     * try (StateStore state = provider.createStateStore(context)) {
     *     if (state.tryAcquireLease("loop-runner", instanceId, Duration.ofMinutes(1))) { ... }
     * }
     * }</pre>
     *
     * @param context the configuration and the clock leases are timed by
     * @return the state store
     * @throws ConfigurationException when a key is wrong
     * @throws StoreException when the database cannot be reached or migrated
     */
    public StateStore createStateStore(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return PostgresStores.openState(context.config(), context.clock(), dataSource);
    }

    /**
     * Builds a provider on a {@link DataSource} the host owns (and closes).
     *
     * @since 0.2
     */
    public static final class Builder {
        private DataSource dataSource;

        private Builder() {
        }

        /**
         * Uses the host's data source instead of a pool of the store's own; {@code slabml.postgres.url},
         * {@code user}, {@code password} and {@code pool_size} are then not read.
         *
         * @param dataSource the data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @return the provider
         */
        public PostgresStoreProvider build() {
            return new PostgresStoreProvider(dataSource);
        }
    }
}
