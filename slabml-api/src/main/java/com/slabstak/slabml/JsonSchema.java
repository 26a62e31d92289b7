/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/** A named JSON schema (as JSON text) for structured outputs. */
public record JsonSchema(String name, String schemaJson, boolean strict) {
    public JsonSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schemaJson, "schemaJson");
    }
}