/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import com.slabstak.slabml.spi.RegistryStore;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.testkit.contract.RegistryStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The testkit's {@link RegistryStoreContract} on a real PostgreSQL, each test on a schema of its own. */
class PostgresRegistryStoreTest extends RegistryStoreContract {
    private Stores stores;

    @Override
    protected RegistryStore createStore() {
        stores = PostgresTesting.openFresh(Map.of());
        return stores.registry();
    }

    /** The contract closes its store; the other stores of the schema close here. */
    @AfterEach
    void closeTheOtherStores() {
        stores.close();
    }
}
