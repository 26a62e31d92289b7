/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The write settings every store provider honours, read from {@code slabml.store.<store>.<key>}
 * with a fallback to {@code slabml.store.<key>}; {@code <store>} is {@code samples},
 * {@code production_log}, {@code registry} or {@code jobs}.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@code durability}</td><td>{@code ASYNC} for the production log, else {@code BATCH}</td></tr>
 *   <tr><td>{@code queue_capacity}</td><td>{@value #DEFAULT_QUEUE_CAPACITY}</td></tr>
 *   <tr><td>{@code when_full}</td><td>{@code BLOCK}</td></tr>
 *   <tr><td>{@code block_timeout}</td><td>{@code 10s}</td></tr>
 *   <tr><td>{@code max_batch}</td><td>{@value #DEFAULT_MAX_BATCH}</td></tr>
 *   <tr><td>{@code flush_interval}</td><td>{@code 1ms}</td></tr>
 * </table>
 *
 * <pre>{@code
 * StoreSettings samples = StoreSettings.from(config, "samples");
 * if (samples.durability() == Durability.BATCH) { ... }
 * }</pre>
 *
 * @param durability when a write is acknowledged
 * @param queueCapacity the most records queued and not yet written
 * @param whenFull what a write does when the queue is full
 * @param blockTimeout how long {@link WhenFull#BLOCK} waits for room
 * @param maxBatch the most records written (or committed) together
 * @param flushInterval how long an {@link Durability#ASYNC} writer may wait to fill a batch
 * @since 0.2
 */
public record StoreSettings(
    Durability durability,
    int queueCapacity,
    WhenFull whenFull,
    Duration blockTimeout,
    int maxBatch,
    Duration flushInterval) {

    /** The default queue capacity. */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    /** The default batch size. */
    public static final int DEFAULT_MAX_BATCH = 8_192;

    /**
     * Checks the settings.
     *
     * @throws ConfigurationException naming the key at fault
     * @param durability when a write is acknowledged
     * @param queueCapacity the most records queued and not yet written
     * @param whenFull what a write does when the queue is full
     * @param blockTimeout how long {@link WhenFull#BLOCK} waits for room
     * @param maxBatch the most records written (or committed) together
     * @param flushInterval how long an {@link Durability#ASYNC} writer may wait to fill a batch
     */
    public StoreSettings {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(whenFull, "whenFull");
        Objects.requireNonNull(blockTimeout, "blockTimeout");
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (queueCapacity < 1) {
            throw new ConfigurationException("slabml.store.queue_capacity: must be at least 1, was " + queueCapacity);
        }
        if (maxBatch < 1) {
            throw new ConfigurationException("slabml.store.max_batch: must be at least 1, was " + maxBatch);
        }
    }

    /**
     * Reads the settings of one store. Durability defaults to {@code BATCH}, except for the
     * production log: it is written on the request path of every served prediction and is
     * monitoring data, so it defaults to {@code ASYNC}.
     *
     * @param config the configuration to read
     * @param store {@code samples}, {@code production_log}, {@code registry} or {@code jobs}
     * @return the settings
     * @throws ConfigurationException naming the key whose value is malformed
     */
    public static StoreSettings from(SlabMlConfig config, String store) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(store, "store");
        Durability fallback = store.equals("production_log") ? Durability.ASYNC : Durability.BATCH;
        return new StoreSettings(
            parse(config, store, "durability", Durability.class, fallback),
            (int) number(config, store, "queue_capacity", DEFAULT_QUEUE_CAPACITY, Integer.MAX_VALUE),
            parse(config, store, "when_full", WhenFull.class, WhenFull.BLOCK),
            duration(config, store, "block_timeout", Duration.ofSeconds(10)),
            (int) number(config, store, "max_batch", DEFAULT_MAX_BATCH, Integer.MAX_VALUE),
            duration(config, store, "flush_interval", Duration.ofMillis(1)));
    }

    /**
     * Returns the raw value of {@code slabml.store.<store>.<key>}, else of {@code slabml.store.<key>}.
     *
     * @param config the configuration to read
     * @param store the store's name
     * @param key the key below {@code slabml.store.}
     * @return the value, if set
     */
    public static Optional<String> value(SlabMlConfig config, String store, String key) {
        Optional<String> specific = config.get("slabml.store." + store + "." + key);
        return specific.isPresent() ? specific : config.get("slabml.store." + key);
    }

    /**
     * Reads an integer setting of one store.
     *
     * @param config the configuration to read
     * @param store the store's name
     * @param key the key below {@code slabml.store.}
     * @param fallback the value when unset
     * @param max the largest value allowed
     * @return the value
     * @throws ConfigurationException when the value is not an integer up to {@code max}
     */
    public static long number(SlabMlConfig config, String store, String key, long fallback, long max) {
        Optional<String> v = value(config, store, key);
        try {
            long n = v.isEmpty() ? fallback : Long.parseLong(v.get().trim());
            if (n > max) {
                throw new NumberFormatException("too large");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("slabml.store." + store + "." + key + ": expected an integer, was '"
                + v.orElse("") + "'", e);
        }
    }

    /**
     * Reads a duration setting of one store.
     *
     * @param config the configuration to read
     * @param store the store's name
     * @param key the key below {@code slabml.store.}
     * @param fallback the value when unset
     * @return the value
     * @throws ConfigurationException when the value is not a duration
     */
    public static Duration duration(SlabMlConfig config, String store, String key, Duration fallback) {
        String specific = "slabml.store." + store + "." + key;
        return config.get(specific).isPresent()
            ? config.getDuration(specific, fallback)
            : config.getDuration("slabml.store." + key, fallback);
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
}
