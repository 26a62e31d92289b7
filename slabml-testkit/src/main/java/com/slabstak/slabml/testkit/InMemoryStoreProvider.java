/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit;

import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.StoreProvider;
import com.slabstak.slabml.spi.Stores;
import java.util.Objects;

/**
 * The {@code memory} store provider: {@link InMemoryStores}, nothing written to disk. Select it
 * with {@code slabml.store.provider=memory}.
 */
public final class InMemoryStoreProvider implements StoreProvider {
    /** The provider's name. */
    public static final String NAME = "memory";

    /** Creates the provider; it does nothing until {@link #create}. */
    public InMemoryStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Stores create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return InMemoryStores.create(context.clock());
    }
}
