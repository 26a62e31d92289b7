/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelVersion;
import java.util.List;

/**
 * Where the model registry keeps deployment changes and model versions. The current deployment of
 * a task is its latest event, so the store is append-only.
 *
 * @since 0.1
 */
public interface RegistryStore extends AutoCloseable {
    /**
     * Appends a deployment event.
     *
     * @param event the event
     */
    void appendEvent(DeploymentEvent event);

    /**
     * Appends an event only if its task has exactly {@code expectedTaskEvents} events now, so two
     * instances changing one task at once cannot both act on the same state (optimistic
     * concurrency). Atomic with respect to every other writer of the store, in any process.
     *
     * @param event the event to append
     * @param expectedTaskEvents how many events of {@code event}'s task the caller saw
     * @return whether the event was appended
     * @throws com.slabstak.slabml.StoreException when writing fails
     * @throws UnsupportedOperationException when the store cannot compare and append atomically
     * @since 0.2
     */
    default boolean appendEventIfCurrent(DeploymentEvent event, long expectedTaskEvents) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot append events conditionally");
    }

    /**
     * Returns every event, oldest first.
     *
     * @return every event, oldest first
     */
    List<DeploymentEvent> events();

    /**
     * Appends a model version.
     *
     * @param version the version
     */
    void appendVersion(ModelVersion version);

    /**
     * Returns every version, oldest first.
     *
     * @return every version, oldest first
     */
    List<ModelVersion> versions();

    /**
     * Returns a number that changes whenever the store changes (in this process or another), so
     * readers can cache.
     *
     * @return a number that changes whenever the store changes (in this process or another), so readers can cache
     */
    long version();

    @Override
    default void close() {
    }
}