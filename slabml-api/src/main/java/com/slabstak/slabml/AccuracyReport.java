/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.List;
import java.util.Map;

/**
 * Accuracy of predictions against ground truth: exact match (every field right) and per field,
 * each with its 95% Wilson interval.
 *
 * @param items the number of items compared
 * @param exactMatch items whose every compared field matched
 * @param fields accuracy per field, in field order
 * @param mismatches up to a few examples of wrong fields, for people to read
 * @since 0.1
 */
public record AccuracyReport(
    int items, Proportion exactMatch, Map<String, Proportion> fields, List<String> mismatches) {

    /**
     * Checks the components.
     *
     * @param items the number of items compared
     * @param exactMatch items whose every compared field matched
     * @param fields accuracy per field, in field order
     * @param mismatches up to a few examples of wrong fields, for people to read
     */
    public AccuracyReport {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        mismatches = List.copyOf(mismatches);
    }
}