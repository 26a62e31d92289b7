/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.contract;

import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.core.FileStores;
import com.slabstak.slabml.spi.JobStore;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.RegistryStore;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.StateStore;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.testkit.InMemoryStoreProvider;
import com.slabstak.slabml.testkit.InMemoryStores;
import com.slabstak.slabml.simulator.ManualClock;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Runs the store contracts against the in-memory stores and core's file stores. */
class StoreContractTests {

    static Stores fileStores(Path dir) {
        return FileStores.open(ProviderContext.of(SlabMlConfig.of(Map.of()), dir, ManualClock.create()));
    }

    static Stores memoryStores(Path dir) {
        return new InMemoryStoreProvider().create(ProviderContext.of(SlabMlConfig.of(Map.of()), dir, ManualClock.create()));
    }

    @Nested
    class MemorySamples extends SampleStoreContract {
        @Override
        protected SampleStore createStore() {
            return InMemoryStores.create().samples();
        }
    }

    @Nested
    class FileSamples extends SampleStoreContract {
        @TempDir
        Path dir;
        Stores stores;

        @Override
        protected SampleStore createStore() {
            stores = fileStores(dir);
            return stores.samples();
        }

        @AfterEach
        void closeAllStores() {
            stores.close();
        }
    }

    @Nested
    class MemoryProductionLog extends ProductionLogStoreContract {
        @Override
        protected ProductionLogStore createStore() {
            return memoryStores(Path.of(".")).productionLog();
        }
    }

    @Nested
    class FileProductionLog extends ProductionLogStoreContract {
        @TempDir
        Path dir;
        Stores stores;

        @Override
        protected ProductionLogStore createStore() {
            stores = fileStores(dir);
            return stores.productionLog();
        }

        @AfterEach
        void closeAllStores() {
            stores.close();
        }
    }

    @Nested
    class MemoryRegistry extends RegistryStoreContract {
        @Override
        protected RegistryStore createStore() {
            return InMemoryStores.create().registry();
        }
    }

    @Nested
    class FileRegistry extends RegistryStoreContract {
        @TempDir
        Path dir;
        Stores stores;

        @Override
        protected RegistryStore createStore() {
            stores = fileStores(dir);
            return stores.registry();
        }

        @AfterEach
        void closeAllStores() {
            stores.close();
        }
    }

    @Nested
    class MemoryJobs extends JobStoreContract {
        @Override
        protected JobStore createStore() {
            return InMemoryStores.create().jobs();
        }
    }

    @Nested
    class FileJobs extends JobStoreContract {
        @TempDir
        Path dir;
        Stores stores;

        @Override
        protected JobStore createStore() {
            stores = fileStores(dir);
            return stores.jobs();
        }

        @AfterEach
        void closeAllStores() {
            stores.close();
        }
    }

    @Nested
    class MemoryState extends StateStoreContract {
        @Override
        protected StateStore createStore(java.time.Clock clock) {
            return InMemoryStores.create(clock).state();
        }
    }

    @Nested
    class FileState extends StateStoreContract {
        @TempDir
        Path dir;
        Stores stores;

        @Override
        protected StateStore createStore(java.time.Clock clock) {
            stores = FileStores.open(ProviderContext.of(SlabMlConfig.of(Map.of()), dir, clock));
            return stores.state();
        }

        @AfterEach
        void closeAllStores() {
            stores.close();
        }
    }
}
