/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Locale;
import java.util.Objects;

/**
 * The writing tone of a listing. An open value: a name is trimmed and lower-cased, so
 * {@code Tone.of("Casual")} equals {@link #CASUAL}.
 *
 * @param value the tone's name, lower-case
 * @since 0.1
 */
public record Tone(String value) {
    /** A formal, factual listing. */
    public static final Tone PROFESSIONAL = new Tone("professional");
    /** A relaxed listing. */
    public static final Tone CASUAL = new Tone("casual");
    /** An excited listing. */
    public static final Tone ENTHUSIASTIC = new Tone("enthusiastic");

    /**
     * Normalises the name.
     *
     * @throws InvalidInputException if the name is blank
     * @param value the tone's name, lower-case
     */
    public Tone {
        value = Objects.requireNonNull(value, "value").trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw new InvalidInputException("tone", "must not be blank");
        }
    }

    /**
     * Returns the tone for a name.
     *
     * @param value the name, in any case
     * @return the tone
     * @throws InvalidInputException if the name is blank
     */
    public static Tone of(String value) {
        return new Tone(value);
    }

    /**
     * Returns the name.
     *
     * @return the tone's name
     */
    @Override
    public String toString() {
        return value;
    }
}
