/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The stores one {@link StoreProvider} creates. Closing it closes each store.
 *
 * <pre>{@code
 * Stores stores = new Stores(samples, productionLog, registry, jobs, state);
 * }</pre>
 *
 * @param samples collected training samples
 * @param productionLog production records
 * @param registry deployment events and model versions
 * @param jobs tracked fine-tuning jobs
 * @param state versioned state and leases (the improvement loop's)
 * @since 0.1
 */
public record Stores(SampleStore samples, ProductionLogStore productionLog, RegistryStore registry, JobStore jobs,
    StateStore state) implements AutoCloseable {

    /**
     * Checks that every store is given.
     *
     * @throws NullPointerException naming the missing store
     * @param samples collected training samples
     * @param productionLog production records
     * @param registry deployment events and model versions
     * @param jobs tracked fine-tuning jobs
     * @param state versioned state and leases (the improvement loop's)
     */
    public Stores {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(productionLog, "productionLog");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(state, "state");
    }

    /**
     * Stores of a provider written before the state store existed. Everything works except what
     * needs {@link #state()} (the improvement loop): every call on it throws
     * {@link UnsupportedOperationException} saying that the provider has no state store.
     *
     * @param samples collected training samples
     * @param productionLog production records
     * @param registry deployment events and model versions
     * @param jobs tracked fine-tuning jobs
     * @deprecated pass a {@link StateStore} as the fifth store; this constructor goes in a later version
     * @since 0.2
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public Stores(SampleStore samples, ProductionLogStore productionLog, RegistryStore registry, JobStore jobs) {
        this(samples, productionLog, registry, jobs, new Missing(registry));
    }

    /**
     * Whether {@link #state()} is a real state store (false for stores built with the deprecated
     * four-store constructor).
     *
     * @return whether the state store can be used
     * @since 0.2
     */
    public boolean hasState() {
        return !(state instanceof Missing);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable c : new AutoCloseable[] {samples, productionLog, registry, jobs, state}) {
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

    /** The state store of providers that have none: fails loudly on use. */
    private static final class Missing implements StateStore {
        private final String provider;

        Missing(RegistryStore registry) {
            this.provider = registry.getClass().getName();
        }

        private UnsupportedOperationException missing() {
            return new UnsupportedOperationException("these stores (registry " + provider + ") were created without a "
                + "StateStore: the store provider must pass one as the fifth store of Stores");
        }

        @Override
        public Optional<Versioned> get(String key) {
            throw missing();
        }

        @Override
        public OptionalLong compareAndSet(String key, long expectedVersion, String value) {
            throw missing();
        }

        @Override
        public boolean tryAcquireLease(String name, String owner, Duration ttl) {
            throw missing();
        }

        @Override
        public void releaseLease(String name, String owner) {
            throw missing();
        }
    }
}
