/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * Creates a {@link ModelSelector}; chosen by the selection rule ({@code slabml.selector.provider}).
 *
 * @since 0.1
 */
public interface ModelSelectorProvider {
    /**
     * Returns the stable name configuration selects this by.
     *
     * @return the name
     */
    String name();

    /**
     * Creates the selector; all work happens here.
     *
     * @param context the configuration, data directory and clock
     * @return the selector
     */
    ModelSelector create(ProviderContext context);
}