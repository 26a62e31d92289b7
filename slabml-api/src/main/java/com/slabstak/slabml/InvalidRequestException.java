/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Optional;

/**
 * The provider rejected the request as invalid (HTTP 400 or 422); names the parameter.
 *
 * @since 0.1
 */
public class InvalidRequestException extends ProviderException {
    private static final long serialVersionUID = 1L;

    private final String param;

    /**
     * Creates the exception.
     *
     * @param message the message
     * @param statusCode the status code
     * @param code the code
     * @param param the param
     * @param cause the cause
     */
    public InvalidRequestException(String message, int statusCode, String code, String param, Throwable cause) {
        super(message, statusCode, code, cause);
        this.param = param;
    }

    /**
     * Returns the request parameter at fault, when the provider named one.
     *
     * @return the request parameter at fault, when the provider named one
     */
    public Optional<String> param() {
        return Optional.ofNullable(param);
    }
}