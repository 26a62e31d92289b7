/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks the serving keys: circuit breaker and response cache. */
final class ServingSettings {
    private ServingSettings() {
    }

    /**
     * The circuit breaker's settings ({@code slabml.serving.breaker.*}), all problems reported together.
     *
     * @throws ConfigurationException naming each invalid key
     */
    static CircuitBreaker.Settings breakerSettings(SlabMlConfig config) {
        String p = "slabml.serving.breaker.";
        int consecutive = config.getInt(p + "consecutive_failures", 5);
        double rate = config.getDouble(p + "failure_rate", 0.5);
        int window = config.getInt(p + "window", 20);
        int minimum = config.getInt(p + "minimum_calls", 10);
        Duration coolDown = config.getDuration(p + "cool_down", Duration.ofSeconds(30));
        List<String> problems = new ArrayList<>();
        if (consecutive < 1) {
            problems.add(p + "consecutive_failures: must be at least 1, was " + consecutive);
        }
        if (!(rate > 0 && rate <= 1)) {
            problems.add(p + "failure_rate: must be in (0, 1], was " + rate);
        }
        if (window < 1) {
            problems.add(p + "window: must be at least 1, was " + window);
        }
        if (minimum < 1 || minimum > window) {
            problems.add(p + "minimum_calls: must be 1-" + window + ", was " + minimum);
        }
        if (coolDown.isNegative()) {
            problems.add(p + "cool_down: must not be negative, was " + coolDown);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        return new CircuitBreaker.Settings(consecutive, rate, window, minimum, coolDown);
    }

    /**
     * The response cache ({@code slabml.cache.*}), or {@code null} when disabled.
     *
     * @throws ConfigurationException naming an invalid key
     */
    static ResponseCache cache(SlabMlConfig config, Clock clock) {
        if (!config.getBoolean("slabml.cache.enabled", false)) {
            return null;
        }
        int max = config.getInt("slabml.cache.max_entries", 1000);
        Duration ttl = config.getDuration("slabml.cache.ttl", Duration.ofHours(1));
        if (max < 1) {
            throw new ConfigurationException("slabml.cache.max_entries: must be at least 1, was " + max);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ConfigurationException("slabml.cache.ttl: must be positive, was " + ttl);
        }
        return new ResponseCache(max, ttl, clock);
    }
}
