/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of one provider or store, read through its prefix: {@code get("api_key")} on the view
 * {@code config.scoped("slabml.together")} reads {@code slabml.together.api_key}. Keys compare by
 * {@link SlabMlConfig#normalizeKey}, so {@code SLABML_TOGETHER_API_KEY} and
 * {@code slabml.together.api-key} name the same key.
 *
 * <p>{@link #requireKnownKeys} is the view's one validation: a key under the prefix that the
 * provider does not read (a misspelt {@code slabml.postgres.pool_sise}) fails the build with a
 * {@link ConfigurationException} that names it, rather than being ignored.
 *
 * <pre>{@code
 * ScopedConfig c = config.scoped("slabml.postgres");
 * c.requireKnownKeys(Set.of("url", "user", "password", "schema", "pool_size"));
 * int pool = c.getInt("pool_size", 10);
 * }</pre>
 *
 * @since 0.2
 */
public final class ScopedConfig implements SlabMlConfig {
    private final SlabMlConfig parent;
    private final String prefix;

    ScopedConfig(SlabMlConfig parent, String prefix) {
        this.parent = Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(prefix, "prefix");
        String p = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (p.isBlank()) {
            throw new IllegalArgumentException("prefix must not be blank");
        }
        this.prefix = p;
    }

    /**
     * Returns the prefix, without the trailing dot.
     *
     * @return such as {@code slabml.postgres}
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Returns the full key of a name under the prefix, as messages should show it.
     *
     * @param name the key under the prefix, such as {@code pool_size}
     * @return such as {@code slabml.postgres.pool_size}
     */
    public String key(String name) {
        return prefix + "." + Objects.requireNonNull(name, "name");
    }

    /**
     * Returns the value of a key under the prefix.
     *
     * @param name the key under the prefix, such as {@code pool_size}
     * @return the value, if set
     */
    @Override
    public Optional<String> get(String name) {
        return parent.get(key(name));
    }

    /**
     * Returns the keys under the prefix that have a value, without the prefix and normalised
     * ({@code pool.size} for {@code slabml.postgres.pool_size}); empty when the configuration
     * cannot list its keys.
     *
     * @return the normalised names, sorted
     */
    @Override
    public Set<String> keys() {
        String p = SlabMlConfig.normalizeKey(prefix) + ".";
        Set<String> names = new TreeSet<>();
        for (String k : parent.keys()) {
            String n = SlabMlConfig.normalizeKey(k);
            if (n.startsWith(p)) {
                names.add(n.substring(p.length()));
            }
        }
        return names;
    }

    /**
     * Checks that every configured key under the prefix is one the caller reads.
     *
     * @param known the names the caller reads, without the prefix ({@code pool_size}); a name
     *     ending in {@code .*} accepts every key below it ({@code endpoints.*})
     * @throws ConfigurationException naming every unknown key and the known ones
     */
    public void requireKnownKeys(Collection<String> known) {
        List<String> unknown = unknownKeys(known);
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(prefix + ": unknown key" + (unknown.size() == 1 ? " " : "s ")
                + String.join(", ", unknown) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    /**
     * Returns the configured keys under the prefix that the caller does not read.
     *
     * @param known the names the caller reads, as for {@link #requireKnownKeys}
     * @return the unknown keys, with the prefix, sorted
     */
    public List<String> unknownKeys(Collection<String> known) {
        Set<String> exact = new TreeSet<>();
        List<String> below = new ArrayList<>();
        for (String k : known) {
            if (k.endsWith(".*")) {
                below.add(SlabMlConfig.normalizeKey(k.substring(0, k.length() - 2)) + ".");
            } else {
                exact.add(SlabMlConfig.normalizeKey(k));
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String name : keys()) {
            if (!exact.contains(name) && below.stream().noneMatch(name::startsWith)) {
                unknown.add(prefix + "." + name);
            }
        }
        return unknown;
    }

    @Override
    public String toString() {
        return "ScopedConfig[" + prefix + "]";
    }
}
