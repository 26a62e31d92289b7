/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration as providers see it: string values by dotted key ({@code slabml.data.dir},
 * {@code openai.api_key}, ...) with typed getters. Secret values are returned by {@link #get}
 * but never shown by {@code toString}.
 *
 * {@code SlabMlConfig c = SlabMlConfig.of(Map.of("slabml.data.dir", "/tmp/data"));}
 */
public interface SlabMlConfig {

    /** Returns the value of {@code key}, if set. */
    Optional<String> get(String key);

    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * Returns a flag; {@code true/false/yes/no/1/0}, case-insensitive.
     *
     * @throws ConfigurationException for another value
     */
    default boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        switch (v.get().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "1": case "on":
                return true;
            case "false": case "no": case "0": case "off":
                return false;
            default:
                throw new ConfigurationException(key + ": expected true or false, was '" + v.get() + "'");
        }
    }

    /** Returns an integer, or the default. @throws ConfigurationException if not an integer */
    default int getInt(String key, int defaultValue) {
        Optional<String> v = get(key);
        try {
            return v.isEmpty() ? defaultValue : Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + ": expected an integer, was '" + v.get() + "'", e);
        }
    }

    /** Returns a number, or the default. @throws ConfigurationException if not a number */
    default double getDouble(String key, double defaultValue) {
        Optional<String> v = get(key);
        try {
            return v.isEmpty() ? defaultValue : Double.parseDouble(v.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + ": expected a number, was '" + v.get() + "'", e);
        }
    }

    /**
     * Returns a duration written as ISO-8601 ({@code PT30S}) or as a number with a unit
     * ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}), or the default.
     */
    default Duration getDuration(String key, Duration defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String s = v.get().trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            switch (s.charAt(s.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                default: break;
            }
        } catch (RuntimeException e) {
            throw new ConfigurationException(key + ": expected a duration such as 30s or PT30S, was '" + v.get() + "'", e);
        }
        throw new ConfigurationException(key + ": expected a duration such as 30s or PT30S, was '" + v.get() + "'");
    }

    /** Returns a configuration backed by a map, for tests and simple hosts. */
    static SlabMlConfig of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new SlabMlConfig() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(copy.get(key));
            }

            @Override
            public String toString() {
                return "SlabMlConfig" + copy.keySet();
            }
        };
    }
}