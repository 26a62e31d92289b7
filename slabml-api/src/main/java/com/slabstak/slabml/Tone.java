/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Locale;
import java.util.Objects;

/** The writing tone of a listing. An open value. */
public final class Tone {
    public static final Tone PROFESSIONAL = new Tone("professional");
    public static final Tone CASUAL = new Tone("casual");
    public static final Tone ENTHUSIASTIC = new Tone("enthusiastic");

    private final String value;

    private Tone(String value) {
        this.value = value;
    }

    /** Returns the tone for a name. */
    public static Tone of(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            throw new InvalidInputException("tone", "must not be blank");
        }
        for (Tone t : new Tone[] {PROFESSIONAL, CASUAL, ENTHUSIASTIC}) {
            if (t.value.equals(v)) {
                return t;
            }
        }
        return new Tone(v);
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tone && ((Tone) o).value.equals(value);
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