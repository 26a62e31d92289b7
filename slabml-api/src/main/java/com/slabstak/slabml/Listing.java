/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A marketplace listing: a title and a description.
 *
 * {@code Listing l = Listing.of("1986-87 Fleer Michael Jordan #57 BGS 9.5", "Iconic rookie card...");}
 *
 * @since 0.1
 */
public record Listing(String title, String description) {
    /**
     * Checks the components.
     *
     * @param title the title
     * @param description the description
     */
    public Listing {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        if (title.isBlank()) {
            throw new InvalidInputException("title", "must not be blank");
        }
    }

    /**
     * Returns a listing.
     *
     * @param title the title
     * @param description the description
     * @return the listing
     */
    public static Listing of(String title, String description) {
        return new Listing(title, description);
    }

    /**
     * Reads a listing from JSON-like values with {@code title} and {@code description}.
     *
     * @param map the map
     * @return the listing
     */
    public static Listing fromMap(Map<String, ?> map) {
        Objects.requireNonNull(map, "map");
        for (String key : map.keySet()) {
            if (!key.equals("title") && !key.equals("description")) {
                throw new InvalidInputException(key, "unknown listing field '" + key + "' (known: title, description)");
            }
        }
        Object title = map.get("title");
        Object description = map.get("description");
        if (!(title instanceof String)) {
            throw new InvalidInputException("title", "is required text");
        }
        if (!(description instanceof String)) {
            throw new InvalidInputException("description", "is required text");
        }
        return new Listing((String) title, (String) description);
    }

    /**
     * Returns {@code title} and {@code description} as a map.
     *
     * @return {@code title} and {@code description} as a map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("description", description);
        return Collections.unmodifiableMap(m);
    }
}