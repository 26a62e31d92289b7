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
 */
public interface RegistryStore extends AutoCloseable {
    void appendEvent(DeploymentEvent event);

    /** Returns every event, oldest first. */
    List<DeploymentEvent> events();

    void appendVersion(ModelVersion version);

    /** Returns every version, oldest first. */
    List<ModelVersion> versions();

    /**
     * Returns a number that changes whenever the store changes (in this process or another), so
     * readers can cache.
     */
    long version();

    @Override
    default void close() {
    }
}