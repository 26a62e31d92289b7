/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * Creates the stores: JSONL files under the data directory ({@code file}, the embedded default),
 * memory ({@code memory}, the testkit), or a host's own. Chosen by the selection rule
 * ({@code slabml.store.provider}).
 */
public interface StoreProvider {
    String name();

    Stores create(ProviderContext context);
}