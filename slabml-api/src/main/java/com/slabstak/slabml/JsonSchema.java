/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * A named JSON schema (as JSON text) for structured outputs.
 *
 * @since 0.1
 */
public record JsonSchema(String name, String schemaJson, boolean strict) {
    /**
     * Checks the components.
     *
     * @param name the name
     * @param schemaJson the schema json
     * @param strict the strict
     */
    public JsonSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schemaJson, "schemaJson");
    }
}