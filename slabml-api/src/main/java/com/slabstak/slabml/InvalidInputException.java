/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Input a caller passed is wrong. Names the field (and for files the line) at fault. Nothing was
 * written.
 *
 * @since 0.1
 */
public class InvalidInputException extends SlabMlException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final long line;

    /**
     * An invalid value of {@code field}.
     *
     * @param field the field
     * @param message the message
     */
    public InvalidInputException(String field, String message) {
        this(field, 0, message, null);
    }

    /**
     * An invalid line of a file ({@code line} is 1-based; 0 for the file as a whole).
     *
     * @param field the field
     * @param line the line
     * @param message the message
     * @param cause the cause
     */
    public InvalidInputException(String field, long line, String message, Throwable cause) {
        super(format(field, line, message), cause);
        this.field = field;
        this.line = line;
    }

    private static String format(String field, long line, String message) {
        StringBuilder sb = new StringBuilder();
        if (field != null) {
            sb.append(field);
        }
        if (line > 0) {
            sb.append(sb.length() > 0 ? " " : "").append("line ").append(line);
        }
        return sb.length() == 0 ? message : sb.append(": ").append(message).toString();
    }

    /**
     * Returns the field (or file) at fault.
     *
     * @return the field (or file) at fault
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * Returns the 1-based line at fault, for file input.
     *
     * @return the 1-based line at fault, for file input
     */
    public OptionalLong line() {
        return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
    }
}