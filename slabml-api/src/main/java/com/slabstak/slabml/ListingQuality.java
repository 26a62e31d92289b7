/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.List;

/**
 * A listing's quality score from 0 to 100 with the reasons points were lost.
 *
 * @since 0.1
 */
public record ListingQuality(double score, List<String> issues) {
    /**
     * Checks the components.
     *
     * @param score the score
     * @param issues the issues
     */
    public ListingQuality {
        issues = List.copyOf(issues);
    }
}