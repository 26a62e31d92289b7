/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a fine-tuning job failed, as the provider says it: a machine-readable code, a message, and
 * the parameter at fault when there is one.
 *
 * @since 0.1
 */
public record JobError(String code, String message, String param) {
    /**
     * Checks the components.
     *
     * @param code the code
     * @param message the message
     * @param param the param
     */
    public JobError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Returns the parameter at fault, for example {@code training_file}.
     *
     * @return the parameter at fault, for example {@code training_file}
     */
    public Optional<String> paramName() {
        return Optional.ofNullable(param);
    }
}