/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * Creates a {@link Task}. Every task provider on the class path is loaded (names must be unique);
 * the builder can add more.
 */
public interface TaskProvider {
    String name();

    Task create(ProviderContext context);
}