/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.testkit.contract.SampleStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The testkit's {@link SampleStoreContract} on a real PostgreSQL under BATCH, each test on a schema of its own. */
class PostgresSampleStoreBatchTest extends SampleStoreContract {
    private Stores stores;

    @Override
    protected SampleStore createStore() {
        stores = PostgresTesting.openFresh(Map.of("slabml.store.durability", "BATCH"));
        return stores.samples();
    }

    /** The contract closes its store; the other stores of the schema close here. */
    @AfterEach
    void closeTheOtherStores() {
        stores.close();
    }
}
