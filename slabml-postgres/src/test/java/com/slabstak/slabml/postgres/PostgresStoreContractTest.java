/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import com.slabstak.slabml.spi.JobStore;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.RegistryStore;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.testkit.contract.JobStoreContract;
import com.slabstak.slabml.testkit.contract.ProductionLogStoreContract;
import com.slabstak.slabml.testkit.contract.RegistryStoreContract;
import com.slabstak.slabml.testkit.contract.SampleStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The testkit's four store contracts, on a real PostgreSQL, each test on a schema of its own. */
class PostgresStoreContractTest {

    /** Closes all four stores of the schema a test opened (the contract closes only its own). */
    abstract static class OnFreshSchema {
        private Stores stores;

        Stores open(Map<String, String> extra) {
            stores = PostgresTesting.openFresh(extra);
            return stores;
        }

        @AfterEach
        void closeAll() {
            if (stores != null) {
                stores.close();
            }
        }
    }

    @Nested
    class SamplesUnderBatch extends SampleStoreContract {
        private final OnFreshSchema schema = new OnFreshSchema() { };

        @Override
        protected SampleStore createStore() {
            return schema.open(Map.of("slabml.store.durability", "BATCH")).samples();
        }

        @AfterEach
        void closeAll() {
            schema.closeAll();
        }
    }

    @Nested
    class SamplesUnderSync extends SampleStoreContract {
        private final OnFreshSchema schema = new OnFreshSchema() { };

        @Override
        protected SampleStore createStore() {
            return schema.open(Map.of("slabml.store.durability", "SYNC")).samples();
        }

        @AfterEach
        void closeAll() {
            schema.closeAll();
        }
    }

    @Nested
    class SamplesUnderAsync extends SampleStoreContract {
        private final OnFreshSchema schema = new OnFreshSchema() { };

        @Override
        protected SampleStore createStore() {
            return schema.open(Map.of("slabml.store.durability", "ASYNC")).samples();
        }

        @AfterEach
        void closeAll() {
            schema.closeAll();
        }
    }

    @Nested
    class ProductionLog extends ProductionLogStoreContract {
        private final OnFreshSchema schema = new OnFreshSchema() { };

        @Override
        protected ProductionLogStore createStore() {
            return schema.open(Map.of()).productionLog();
        }

        @AfterEach
        void closeAll() {
            schema.closeAll();
        }
    }

    @Nested
    class Registry extends RegistryStoreContract {
        private final OnFreshSchema schema = new OnFreshSchema() { };

        @Override
        protected RegistryStore createStore() {
            return schema.open(Map.of()).registry();
        }

        @AfterEach
        void closeAll() {
            schema.closeAll();
        }
    }

    @Nested
    class Jobs extends JobStoreContract {
        private final OnFreshSchema schema = new OnFreshSchema() { };

        @Override
        protected JobStore createStore() {
            return schema.open(Map.of()).jobs();
        }

        @AfterEach
        void closeAll() {
            schema.closeAll();
        }
    }
}
