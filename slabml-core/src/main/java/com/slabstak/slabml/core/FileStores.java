/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core;

import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.core.internal.store.FileStoreProvider;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.StoreProvider;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The embedded default store, {@code file}: JSONL files under a data directory, as a {@link SlabMl}
 * opens them when {@code slabml.store.provider} is {@code file} (the default). Open them directly
 * to hand the same stores to a {@link SlabMl.Builder#stores(Stores)} and to code of your own (a
 * tool that reads the samples, a benchmark, a test of a store), or to run the store contract tests.
 *
 * <pre>{@code
 * try (Stores stores = FileStores.open(Path.of("slabml-data"))) {
 *     long n = stores.samples().count(TaskName.CARD_IDENTIFICATION);
 * }
 * }</pre>
 *
 * <p>Layout and settings ({@code slabml.store.durability}, {@code queue_capacity}, ...) are the
 * README's "Reliability" section. The stores are thread-safe; {@link Stores#close()} drains the
 * write queues and forces the files, and must be called.
 *
 * @since 0.2
 */
public final class FileStores {
    /** The store provider's name, for {@code slabml.store.provider}. */
    public static final String NAME = "file";

    private FileStores() {
    }

    /**
     * Opens the file stores under {@code dataDirectory} with the default settings and the system
     * clock.
     *
     * @param dataDirectory the data directory; created if missing
     * @return the stores, which the caller closes
     * @throws com.slabstak.slabml.StoreException when the directory cannot be used
     */
    public static Stores open(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        return open(ProviderContext.of(SlabMlConfig.of(Map.of()), dataDirectory, Clock.systemUTC()));
    }

    /**
     * Opens the file stores with the configuration, data directory, clock and observer of
     * {@code context}.
     *
     * @param context the settings ({@code slabml.store.*}), data directory, clock and observer
     * @return the stores, which the caller closes
     * @throws com.slabstak.slabml.ConfigurationException naming a bad {@code slabml.store.*} value
     * @throws com.slabstak.slabml.StoreException when the directory cannot be used
     */
    public static Stores open(ProviderContext context) {
        return provider().create(Objects.requireNonNull(context, "context"));
    }

    /**
     * Returns the file store's provider, the one {@code ServiceLoader} finds.
     *
     * @return a new provider
     */
    public static StoreProvider provider() {
        return new FileStoreProvider();
    }
}
