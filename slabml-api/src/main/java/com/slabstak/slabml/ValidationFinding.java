/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * One problem a dataset check found: the line (1-based, 0 for the whole file), its category (the
 * cookbook's names, such as {@code missing_content}), whether it is an error or a warning, and a
 * message for people.
 *
 * @since 0.1
 */
public record ValidationFinding(long line, String category, Severity severity, String message) {
    /**
     * Checks the components.
     *
     * @param line the line
     * @param category the category
     * @param severity the severity
     * @param message the message
     */
    public ValidationFinding {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** Errors make a file unusable; warnings are worth a look. */
    public enum Severity {
        /** The file cannot be used as it is. */
        ERROR,
        /** The file can be used, but something looks wrong. */
        WARNING
    }
}