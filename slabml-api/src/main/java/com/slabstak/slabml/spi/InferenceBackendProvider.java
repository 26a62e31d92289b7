/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * Creates an {@link InferenceBackend}. Registered in
 * {@code META-INF/services/com.slabstak.slabml.spi.InferenceBackendProvider}; chosen by the
 * selection rule (builder argument, else {@code slabml.inference.provider}, else the only one).
 */
public interface InferenceBackendProvider {
    String name();

    InferenceBackend create(ProviderContext context);
}