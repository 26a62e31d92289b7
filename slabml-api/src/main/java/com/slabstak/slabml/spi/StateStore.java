/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Small, versioned state shared by every instance of a service, and leases: what a process that
 * runs a loop needs to resume after a restart and to run alone. Values are opaque text (the caller
 * chooses the encoding, typically JSON) under keys such as {@code loop/card_identification}.
 *
 * <p>Writes are compare-and-set: a writer reads a value with its version and writes the next one
 * only if nobody wrote in between. A lease is held by one owner until it expires or is released;
 * an owner renews it by acquiring it again before it expires.
 *
 * <pre>{@code
 * Optional<StateStore.Versioned> now = state.get("loop/card_identification");
 * long expected = now.map(StateStore.Versioned::version).orElse(0L);
 * if (state.compareAndSet("loop/card_identification", expected, json).isEmpty()) {
 *     // somebody else moved first: read again
 * }
 * }</pre>
 *
 * @since 0.2
 */
public interface StateStore extends AutoCloseable {

    /**
     * Returns the current value of a key.
     *
     * @param key the key
     * @return the value and its version, or empty when the key was never written
     * @throws com.slabstak.slabml.StoreException when reading fails
     */
    Optional<Versioned> get(String key);

    /**
     * Writes a value if the key's version is still {@code expectedVersion}; {@code 0} means the key
     * must not exist yet. Durable once it returns.
     *
     * @param key the key
     * @param expectedVersion the version the caller read, or {@code 0} for a new key
     * @param value the new value
     * @return the new version, or empty when the key's version was not {@code expectedVersion}
     * @throws com.slabstak.slabml.StoreException when writing fails
     */
    OptionalLong compareAndSet(String key, long expectedVersion, String value);

    /**
     * Acquires or renews a lease: succeeds when nobody holds it, when it expired, or when
     * {@code owner} already holds it (then it is extended to now plus {@code ttl}).
     *
     * @param name the lease, for example {@code loop-runner}
     * @param owner who asks, unique per process
     * @param ttl how long the lease lasts without renewal
     * @return whether {@code owner} holds the lease now
     * @throws com.slabstak.slabml.StoreException when the store fails
     */
    boolean tryAcquireLease(String name, String owner, Duration ttl);

    /**
     * Releases a lease held by {@code owner}; does nothing when another owner holds it.
     *
     * @param name the lease
     * @param owner who releases it
     * @throws com.slabstak.slabml.StoreException when the store fails
     */
    void releaseLease(String name, String owner);

    @Override
    default void close() {
    }

    /**
     * A value with the version it was written at (versions start at 1 and grow by one per write).
     *
     * @param value the value
     * @param version its version
     */
    record Versioned(String value, long version) {
        /**
         * Checks the parts.
         *
         * @param value the value
         * @param version the version
         */
        public Versioned {
            Objects.requireNonNull(value, "value");
            if (version < 1) {
                throw new IllegalArgumentException("version must be at least 1, was " + version);
            }
        }
    }
}
