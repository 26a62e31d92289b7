/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.InvalidInputException;

/** Checks of text PostgreSQL stores in {@code text} columns. Internal. */
final class Texts {
    private Texts() {
    }

    /**
     * Refuses a NUL character, which PostgreSQL text cannot hold.
     *
     * @throws InvalidInputException naming the field
     */
    static void check(String field, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new InvalidInputException(field, "must not contain a NUL character");
        }
    }
}
