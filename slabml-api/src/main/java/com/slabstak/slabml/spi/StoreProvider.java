/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * Creates the stores: JSONL files under the data directory ({@code file}, the embedded default),
 * memory ({@code memory}, the testkit), or a host's own. Chosen by the selection rule
 * ({@code slabml.store.provider}).
 *
 * @since 0.1
 */
public interface StoreProvider {
    /**
     * Returns the stable name configuration selects this by.
     *
     * @return the name
     */
    String name();

    /**
     * Creates the stores; all work happens here.
     *
     * @param context the configuration, data directory and clock
     * @return the stores
     */
    Stores create(ProviderContext context);
}