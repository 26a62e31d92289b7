/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.spi.StoreSettings;
import com.slabstak.slabml.spi.WhenFull;
import java.time.Duration;

/**
 * The settings of one file log: the write settings every store shares ({@link StoreSettings}) and
 * the file store's own ({@code max_file_bytes}, {@code force_threads}), and what opens the files.
 */
record LogSettings(StoreSettings common, long maxFileBytes, int forceThreads, FileChannels channels) {

    static final long DEFAULT_MAX_FILE_BYTES = 256L * 1024 * 1024;

    LogSettings {
        if (forceThreads < 1) {
            throw new ConfigurationException("slabml.store.force_threads: must be at least 1, was " + forceThreads);
        }
        if (maxFileBytes < 1) {
            throw new ConfigurationException("slabml.store.max_file_bytes: must be at least 1, was " + maxFileBytes);
        }
    }

    LogSettings(StoreSettings common, long maxFileBytes, int forceThreads) {
        this(common, maxFileBytes, forceThreads, FileChannels.DEFAULT);
    }

    /** These settings with appends going through {@code channels} (a test's faulty channels). */
    LogSettings withChannels(FileChannels channels) {
        return new LogSettings(common, maxFileBytes, forceThreads, channels);
    }

    LogSettings(Durability durability, int queueCapacity, WhenFull whenFull, Duration blockTimeout, int maxBatch,
                long maxFileBytes, Duration asyncFlushInterval, int forceThreads) {
        this(new StoreSettings(durability, queueCapacity, whenFull, blockTimeout, maxBatch, asyncFlushInterval),
            maxFileBytes, forceThreads);
    }

    /** Reads the settings of {@code store}; see {@link StoreSettings#from} for the shared keys. */
    static LogSettings from(SlabMlConfig config, String store) {
        return new LogSettings(StoreSettings.from(config, store),
            StoreSettings.number(config, store, "max_file_bytes", DEFAULT_MAX_FILE_BYTES, Long.MAX_VALUE),
            (int) StoreSettings.number(config, store, "force_threads", 4, Integer.MAX_VALUE));
    }

    Durability durability() {
        return common.durability();
    }

    int queueCapacity() {
        return common.queueCapacity();
    }

    WhenFull whenFull() {
        return common.whenFull();
    }

    Duration blockTimeout() {
        return common.blockTimeout();
    }

    int maxBatch() {
        return common.maxBatch();
    }

    Duration asyncFlushInterval() {
        return common.flushInterval();
    }
}
