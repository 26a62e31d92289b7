/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * Which side of a rollout served a request.
 *
 * @since 0.1
 */
public enum Arm {
    /** The base model, chosen by the rollout. */
    BASE,
    /** The candidate (usually fine-tuned) model, chosen by the rollout. */
    CANDIDATE,
    /** The base model, because the candidate failed or its circuit is open. */
    FALLBACK;

    /**
     * Returns the lower-case name used in files.
     *
     * @return the lower-case name used in files
     */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}