/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * One problem a dataset check found: the line (1-based, 0 for the whole file), its category (the
 * cookbook's names, such as {@code missing_content}), whether it is an error or a warning, and a
 * message for people.
 */
public record ValidationFinding(long line, String category, Severity severity, String message) {
    public ValidationFinding {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** Errors make a file unusable; warnings are worth a look. */
    public enum Severity {
        ERROR,
        WARNING
    }
}