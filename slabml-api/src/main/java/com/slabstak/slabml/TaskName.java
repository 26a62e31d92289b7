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
 *
 * @param value the name as written in files and configuration
 * @since 0.1
 */
public record TaskName(String value) implements Comparable<TaskName> {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** OCR text in, card fields out. */
    public static final TaskName CARD_IDENTIFICATION = new TaskName("card_identification");
    /** Card data, platform and tone in, listing title and description out. */
    public static final TaskName LISTING_GENERATION = new TaskName("listing_generation");

    /**
     * Checks the name.
     *
     * @throws InvalidInputException if it is not lower-case letters, digits and underscores
     * @param value the name as written in files and configuration
     */
    public TaskName {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new InvalidInputException("task", "invalid task name '" + value
                + "': use 1-64 lower-case letters, digits and underscores, starting with a letter");
        }
    }

    /**
     * Returns the task name for {@code value}.
     *
     * @param value lower-case letters, digits and underscores, starting with a letter
     * @return the task name
     * @throws InvalidInputException if it is not lower-case letters, digits and underscores
     */
    public static TaskName of(String value) {
        return new TaskName(value);
    }

    @Override
    public int compareTo(TaskName other) {
        return value.compareTo(other.value);
    }

    /**
     * Returns the name as written in files and configuration.
     *
     * @return the value
     */
    @Override
    public String toString() {
        return value;
    }
}
