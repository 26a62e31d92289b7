/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import com.slabstak.slabml.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Checks of a task's structured input shared by the built-in tasks. */
final class Inputs {
    private Inputs() {
    }

    /**
     * Rejects an input that has a field outside {@code known}, naming it.
     *
     * @throws InvalidInputException naming the first unknown field
     */
    static void requireKnownFields(Map<String, Object> input, List<String> known) {
        Objects.requireNonNull(input, "input");
        for (String key : input.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidInputException(key, "unknown input field '" + key + "' (known: " + known + ")");
            }
        }
    }
}
