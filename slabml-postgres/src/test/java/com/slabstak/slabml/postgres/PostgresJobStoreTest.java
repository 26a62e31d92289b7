/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import com.slabstak.slabml.spi.JobStore;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.testkit.contract.JobStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The testkit's {@link JobStoreContract} on a real PostgreSQL, each test on a schema of its own. */
class PostgresJobStoreTest extends JobStoreContract {
    private Stores stores;

    @Override
    protected JobStore createStore() {
        stores = PostgresTesting.openFresh(Map.of());
        return stores.jobs();
    }

    /** The contract closes its store; the other stores of the schema close here. */
    @AfterEach
    void closeTheOtherStores() {
        stores.close();
    }
}
