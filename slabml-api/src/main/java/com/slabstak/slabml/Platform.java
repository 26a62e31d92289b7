/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A marketplace a listing is written for. An open value: known platforms carry their title limit
 * (an eBay title is at most 80 characters); others have none unless given.
 *
 * @since 0.1
 */
public final class Platform {
    /** eBay: titles of at most 80 characters. */
    public static final Platform EBAY = new Platform("ebay", 80);
    /** Mercari: titles of at most 80 characters. */
    public static final Platform MERCARI = new Platform("mercari", 80);
    /** Whatnot. */
    public static final Platform WHATNOT = new Platform("whatnot", 0);
    /** COMC. */
    public static final Platform COMC = new Platform("comc", 0);
    /** Facebook Marketplace: titles of at most 100 characters. */
    public static final Platform FACEBOOK = new Platform("facebook", 100);

    private final String value;
    private final int titleLimit;

    private Platform(String value, int titleLimit) {
        this.value = value;
        this.titleLimit = titleLimit;
    }

    /**
     * Returns the platform for a name; known names keep their title limit.
     *
     * @param value the value
     * @return the platform for a name; known names keep their title limit
     */
    public static Platform of(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            throw new InvalidInputException("platform", "must not be blank");
        }
        for (Platform p : new Platform[] {EBAY, MERCARI, WHATNOT, COMC, FACEBOOK}) {
            if (p.value.equals(v)) {
                return p;
            }
        }
        return new Platform(v, 0);
    }

    /**
     * Returns a platform with an explicit title limit.
     *
     * @param value the value
     * @param titleLimit the title limit
     * @return a platform with an explicit title limit
     */
    public static Platform of(String value, int titleLimit) {
        if (titleLimit < 0) {
            throw new InvalidInputException("title_limit", "must not be negative, was " + titleLimit);
        }
        return new Platform(of(value).value, titleLimit);
    }

    /**
     * Returns the name, lower-case.
     *
     * @return the value
     */
    public String value() {
        return value;
    }

    /**
     * Returns the longest title the platform accepts, if it has a limit.
     *
     * @return the longest title the platform accepts, if it has a limit
     */
    public OptionalInt titleLimit() {
        return titleLimit == 0 ? OptionalInt.empty() : OptionalInt.of(titleLimit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Platform && ((Platform) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}