/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.InvalidInputException;

/**
 * What a provider accepts as a training file: at least {@code minExamples} examples, at most
 * {@code maxFileBytes} bytes, and whether the roles of a conversation must alternate (user,
 * assistant, user, ... after an optional system message), which some providers require.
 *
 * <pre>{@code
 * DatasetLimits limits = new DatasetLimits(10, 100L * 1024 * 1024);
 * }</pre>
 *
 * @param minExamples  the fewest examples a job accepts (at least 1)
 * @param maxFileBytes the largest file upload accepts, in bytes
 * @param alternatingRoles whether conversation roles must alternate after an optional system message
 * @since 0.2
 */
public record DatasetLimits(int minExamples, long maxFileBytes, boolean alternatingRoles) {
    /** No limit beyond one example and the largest file Java can address. */
    public static final DatasetLimits NONE = new DatasetLimits(1, Long.MAX_VALUE);

    /**
     * Limits without the alternating-roles rule.
     *
     * @param minExamples  the fewest examples a job accepts (at least 1)
     * @param maxFileBytes the largest file upload accepts, in bytes
     */
    public DatasetLimits(int minExamples, long maxFileBytes) {
        this(minExamples, maxFileBytes, false);
    }

    /**
     * Checks the parts.
     *
     * @throws InvalidInputException if either is below 1
     * @param minExamples  the fewest examples a job accepts (at least 1)
     * @param maxFileBytes the largest file upload accepts, in bytes
     * @param alternatingRoles whether conversation roles must alternate after an optional system message
     */
    public DatasetLimits {
        if (minExamples < 1) {
            throw new InvalidInputException("min_examples", "must be at least 1, was " + minExamples);
        }
        if (maxFileBytes < 1) {
            throw new InvalidInputException("max_file_bytes", "must be at least 1, was " + maxFileBytes);
        }
    }
}
