/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/** Creates a {@link ModelSelector}; chosen by the selection rule ({@code slabml.selector.provider}). */
public interface ModelSelectorProvider {
    String name();

    ModelSelector create(ProviderContext context);
}