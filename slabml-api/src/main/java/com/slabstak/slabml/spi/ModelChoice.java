/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.Arm;
import java.util.Objects;

/**
 * The model a selector picked for one request, the arm it belongs to, and the subject's bucket
 * (1-100, or 0 when the request had no subject).
 *
 * @since 0.1
 */
public record ModelChoice(String model, Arm arm, int bucket, boolean sticky) {
    /**
     * Checks the components.
     *
     * @param model the model
     * @param arm the arm
     * @param bucket the bucket
     * @param sticky the sticky
     */
    public ModelChoice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(arm, "arm");
    }
}