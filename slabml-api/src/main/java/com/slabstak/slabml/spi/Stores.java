/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import java.util.Objects;

/** The stores one {@link StoreProvider} creates. Closing it closes each store. */
public record Stores(SampleStore samples, ProductionLogStore productionLog, RegistryStore registry, JobStore jobs)
    implements AutoCloseable {

    public Stores {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(productionLog, "productionLog");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(jobs, "jobs");
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable c : new AutoCloseable[] {samples, productionLog, registry, jobs}) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException ? (RuntimeException) e
                        : new com.slabstak.slabml.StoreException("closing a store failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}