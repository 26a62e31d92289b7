/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration as providers see it: string values by dotted key ({@code slabml.data.dir},
 * {@code openai.api_key}, ...) with typed getters. Secret values are returned by {@link #get}
 * but never shown by {@code toString}.
 *
 * {@code SlabMlConfig c = SlabMlConfig.of(Map.of("slabml.data.dir", "/tmp/data"));}
 *
 * @since 0.1
 */
public interface SlabMlConfig {

    /**
     * Returns the value of {@code key}, if set.
     *
     * @param key the key
     * @return the value of {@code key}, if set
     */
    Optional<String> get(String key);

    /**
     * Returns the value of a key, or a default.
     *
     * @param key the key
     * @param defaultValue the value when unset
     * @return the value
     */
    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * Returns a flag; {@code true/false/yes/no/1/0}, case-insensitive.
     *
     * @throws ConfigurationException for another value
     * @param key the key
     * @param defaultValue the default value
     * @return a flag; {@code true/false/yes/no/1/0}, case-insensitive
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

    /**
     * Returns an integer, or the default. @throws ConfigurationException if not an integer
     *
     * @param key the key
     * @param defaultValue the default value
     * @return an integer, or the default
     */
    default int getInt(String key, int defaultValue) {
        Optional<String> v = get(key);
        try {
            return v.isEmpty() ? defaultValue : Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + ": expected an integer, was '" + v.get() + "'", e);
        }
    }

    /**
     * Returns a number, or the default. @throws ConfigurationException if not a number
     *
     * @param key the key
     * @param defaultValue the default value
     * @return a number, or the default
     */
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
     *
     * @param key the key
     * @param defaultValue the default value
     * @return a duration written as ISO-8601 ({@code PT30S}) or as a number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}), or the default
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

    /**
     * Returns the keys that have a value, as they were configured. A provider's view
     * ({@link #scoped}) uses them to report keys it does not know.
     *
     * @return the keys; empty when this configuration cannot list them
     * @since 0.2
     */
    default Set<String> keys() {
        return Set.of();
    }

    /**
     * Returns the view of the keys under a prefix, through which a provider or store reads its own
     * keys and checks that it knows every one configured.
     *
     * @param prefix such as {@code slabml.postgres}; a trailing dot is ignored
     * @return the view
     * @since 0.2
     */
    default ScopedConfig scoped(String prefix) {
        return new ScopedConfig(this, prefix);
    }

    /**
     * The rule by which keys compare, applied to both the configured and the requested key:
     * lower-case, with {@code -}, {@code _} and {@code .} all read as one separator. So the
     * environment variable {@code SLABML_CARD_IDENTIFICATION_BASE_MODEL}, the system property
     * {@code slabml.card_identification.base_model} and {@code slabml.card-identification.base-model}
     * name one key. Two keys that differ only in their separators are the same key.
     *
     * @param key a key or an environment variable name
     * @return the normalised key, such as {@code slabml.card.identification.base.model}
     * @since 0.2
     */
    static String normalizeKey(String key) {
        return key.toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.');
    }

    /**
     * Returns a configuration backed by a map, for tests and simple hosts. Keys compare by
     * {@link #normalizeKey}.
     *
     * @param values the values by key
     * @return the configuration
     * @throws IllegalArgumentException if two keys normalise to the same key
     */
    static SlabMlConfig of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        Map<String, String> byKey = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : copy.entrySet()) {
            if (byKey.put(normalizeKey(e.getKey()), e.getValue()) != null) {
                throw new IllegalArgumentException("two keys name " + normalizeKey(e.getKey()));
            }
        }
        return new SlabMlConfig() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(byKey.get(normalizeKey(key)));
            }

            @Override
            public Set<String> keys() {
                return copy.keySet();
            }

            @Override
            public String toString() {
                return "SlabMlConfig" + copy.keySet();
            }
        };
    }
}