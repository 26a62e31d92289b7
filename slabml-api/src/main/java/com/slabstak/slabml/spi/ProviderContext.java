/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.observe.SlabMlObserver;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What a provider factory gets to build its service: the configuration, the data directory, the
 * clock to use instead of {@code Instant.now()} and the observer to report to.
 *
 * @since 0.1
 */
public interface ProviderContext {
    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    SlabMlConfig config();

    /**
     * The data directory of the embedded default ({@code slabml.data.dir}).
     *
     * @return the data directory of the embedded default ({@code slabml.data.dir})
     */
    Path dataDirectory();

    /**
     * Returns the clock every time-dependent decision reads.
     *
     * @return the clock
     */
    Clock clock();

    /**
     * Returns the observer a provider reports to: a store calls
     * {@link SlabMlObserver#storeOpened} for each store it opens.
     *
     * <pre>{@code
     * context.observer().storeOpened("samples", () -> new StoreStats(queue.size(), written, rejected, failed));
     * }</pre>
     *
     * @return the installation's observer, {@link SlabMlObserver#NOOP} when none is configured
     * @since 0.2
     */
    default SlabMlObserver observer() {
        return SlabMlObserver.NOOP;
    }

    /**
     * Returns a context from its three parts, with no observer.
     *
     * @param config the config
     * @param dataDirectory the data directory
     * @param clock the clock
     * @return a context from its three parts, with no observer
     */
    static ProviderContext of(SlabMlConfig config, Path dataDirectory, Clock clock) {
        return of(config, dataDirectory, clock, SlabMlObserver.NOOP);
    }

    /**
     * Returns a context from its four parts.
     *
     * @param config the configuration
     * @param dataDirectory the data directory
     * @param clock the clock
     * @param observer the observer providers report to
     * @return the context
     * @since 0.2
     */
    static ProviderContext of(SlabMlConfig config, Path dataDirectory, Clock clock, SlabMlObserver observer) {
        java.util.Objects.requireNonNull(config, "config");
        java.util.Objects.requireNonNull(observer, "observer");
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

            @Override
            public SlabMlObserver observer() {
                return observer;
            }
        };
    }
}