/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * Creates a {@link FineTuningBackend}. Registered in
 * {@code META-INF/services/com.slabstak.slabml.spi.FineTuningBackendProvider}; chosen by the
 * selection rule (builder argument, else {@code slabml.fine_tuning.provider}, else the only one).
 */
public interface FineTuningBackendProvider {
    /** A stable, unique name such as {@code openai}. */
    String name();

    /** Builds the backend; all the work happens here, not in the constructor. */
    FineTuningBackend create(ProviderContext context);
}