/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.SlabMlConfig;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What a provider factory gets to build its service: the configuration, the data directory and the
 * clock to use instead of {@code Instant.now()}.
 */
public interface ProviderContext {
    SlabMlConfig config();

    /** The data directory of the embedded default ({@code slabml.data.dir}). */
    Path dataDirectory();

    Clock clock();

    /** Returns a context from its three parts. */
    static ProviderContext of(SlabMlConfig config, Path dataDirectory, Clock clock) {
        java.util.Objects.requireNonNull(config, "config");
        java.util.Objects.requireNonNull(dataDirectory, "dataDirectory");
        java.util.Objects.requireNonNull(clock, "clock");
        return new ProviderContext() {
            @Override
            public SlabMlConfig config() {
                return config;
            }

            @Override
            public Path dataDirectory() {
                return dataDirectory;
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
    }
}