/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * Decides whether a predicted value of an output field means the same as the true one; a
 * {@link Task} names its own in {@link Task#fieldComparators()}. Values are plain JSON values
 * (strings, numbers, booleans); {@code null} means the field is absent.
 *
 * <pre>{@code
 * FieldComparator sameIgnoringCase = (p, t) -> p == null ? t == null
 *     : t != null && p.toString().trim().equalsIgnoreCase(t.toString().trim());
 * }</pre>
 *
 * @since 0.2
 */
@FunctionalInterface
public interface FieldComparator {

    /**
     * Returns whether {@code predicted} matches {@code truth}.
     *
     * @param predicted the predicted value, {@code null} when absent
     * @param truth the true value, {@code null} when absent
     * @return whether they mean the same
     */
    boolean matches(Object predicted, Object truth);
}
