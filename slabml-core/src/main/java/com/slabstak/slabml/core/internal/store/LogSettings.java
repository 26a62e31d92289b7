/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings of one log, read from {@code slabml.store.<store>.<key>} with a fallback to
 * {@code slabml.store.<key>}.
 */
record LogSettings(
    Durability durability,
    int queueCapacity,
    WhenFull whenFull,
    Duration blockTimeout,
    int maxBatch,
    long maxFileBytes,
    Duration asyncFlushInterval,
    int forceThreads) {

    static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    static final int DEFAULT_MAX_BATCH = 8_192;
    static final long DEFAULT_MAX_FILE_BYTES = 256L * 1024 * 1024;

    LogSettings {
        if (queueCapacity < 1) {
            throw new ConfigurationException("slabml.store.queue_capacity: must be at least 1, was " + queueCapacity);
        }
        if (maxBatch < 1) {
            throw new ConfigurationException("slabml.store.max_batch: must be at least 1, was " + maxBatch);
        }
        if (forceThreads < 1) {
            throw new ConfigurationException("slabml.store.force_threads: must be at least 1, was " + forceThreads);
        }
        if (maxFileBytes < 1) {
            throw new ConfigurationException("slabml.store.max_file_bytes: must be at least 1, was " + maxFileBytes);
        }
    }

    /**
     * Reads the settings of {@code store}. Durability defaults to {@code BATCH}, except for the
     * production log: it is written on the request path of every served prediction and is monitoring
     * data, so it defaults to {@code ASYNC}.
     */
    static LogSettings from(SlabMlConfig config, String store) {
        Durability fallback = store.equals("production_log") ? Durability.ASYNC : Durability.BATCH;
        Durability durability = parse(config, store, "durability", Durability.class, fallback);
        int capacity = (int) number(config, store, "queue_capacity", DEFAULT_QUEUE_CAPACITY);
        WhenFull whenFull = parse(config, store, "when_full", WhenFull.class, WhenFull.BLOCK);
        Duration timeout = duration(config, store, "block_timeout", Duration.ofSeconds(10));
        int maxBatch = (int) number(config, store, "max_batch", DEFAULT_MAX_BATCH);
        long maxFileBytes = number(config, store, "max_file_bytes", DEFAULT_MAX_FILE_BYTES);
        Duration flush = duration(config, store, "flush_interval", Duration.ofMillis(1));
        int forceThreads = (int) number(config, store, "force_threads", 4);
        return new LogSettings(durability, capacity, whenFull, timeout, maxBatch, maxFileBytes, flush, forceThreads);
    }

    private static Optional<String> value(SlabMlConfig config, String store, String key) {
        Optional<String> specific = config.get("slabml.store." + store + "." + key);
        return specific.isPresent() ? specific : config.get("slabml.store." + key);
    }

    private static long number(SlabMlConfig config, String store, String key, long fallback) {
        Optional<String> v = value(config, store, key);
        try {
            long n = v.isEmpty() ? fallback : Long.parseLong(v.get().trim());
            if (n > Integer.MAX_VALUE && !key.equals("max_file_bytes")) {
                throw new NumberFormatException("too large");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("slabml.store." + store + "." + key + ": expected an integer, was '"
                + v.orElse("") + "'", e);
        }
    }

    private static <E extends Enum<E>> E parse(SlabMlConfig config, String store, String key, Class<E> type, E fallback) {
        Optional<String> v = value(config, store, key);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.get().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name());
            }
            throw new ConfigurationException("slabml.store." + store + "." + key + ": expected one of "
                + allowed + ", was '" + v.get() + "'", e);
        }
    }

    private static Duration duration(SlabMlConfig config, String store, String key, Duration fallback) {
        String specific = "slabml.store." + store + "." + key;
        return config.get(specific).isPresent()
            ? config.getDuration(specific, fallback)
            : config.getDuration("slabml.store." + key, fallback);
    }
}
