/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a task: {@code card_identification}, {@code listing_generation}, or a host
 * application's own. An open value: any lower-case name of letters, digits and underscores.
 *
 * {@code TaskName t = TaskName.of("card_identification");}
 */
public final class TaskName implements Comparable<TaskName> {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** OCR text in, card fields out. */
    public static final TaskName CARD_IDENTIFICATION = new TaskName("card_identification");
    /** Card data, platform and tone in, listing title and description out. */
    public static final TaskName LISTING_GENERATION = new TaskName("listing_generation");

    private final String value;

    private TaskName(String value) {
        this.value = value;
    }

    /**
     * Returns the task name for {@code value}.
     *
     * @throws InvalidInputException if it is not lower-case letters, digits and underscores
     */
    public static TaskName of(String value) {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new InvalidInputException("task", "invalid task name '" + value
                + "': use 1-64 lower-case letters, digits and underscores, starting with a letter");
        }
        if (value.equals(CARD_IDENTIFICATION.value)) {
            return CARD_IDENTIFICATION;
        }
        if (value.equals(LISTING_GENERATION.value)) {
            return LISTING_GENERATION;
        }
        return new TaskName(value);
    }

    /** Returns the name as written in files and configuration. */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(TaskName other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskName && ((TaskName) o).value.equals(value);
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