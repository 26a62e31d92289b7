/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * Creates a {@link Task}. Every task provider on the class path is loaded (names must be unique);
 * the builder can add more.
 *
 * @since 0.1
 */
public interface TaskProvider {
    /**
     * Returns the stable name configuration selects this by.
     *
     * @return the name
     */
    String name();

    /**
     * Creates the task; all work happens here.
     *
     * @param context the configuration, data directory and clock
     * @return the task
     */
    Task create(ProviderContext context);
}