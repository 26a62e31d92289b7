/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.testkit.contract.ProductionLogStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The testkit's {@link ProductionLogStoreContract} on a real PostgreSQL, each test on a schema of its own. */
class PostgresProductionLogStoreTest extends ProductionLogStoreContract {
    private Stores stores;

    @Override
    protected ProductionLogStore createStore() {
        stores = PostgresTesting.openFresh(Map.of());
        return stores.productionLog();
    }

    /** The contract closes its store; the other stores of the schema close here. */
    @AfterEach
    void closeTheOtherStores() {
        stores.close();
    }
}
