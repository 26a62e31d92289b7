/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * A model answered, but the answer is not what the task expects (not JSON, a missing field, a wrong
 * type). The model manager treats it like a failed call and falls back to the base model.
 *
 * @since 0.1
 */
public class InvalidAnswerException extends SlabMlException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the message
     */
    public InvalidAnswerException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param cause the cause
     */
    public InvalidAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}