/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.Arm;
import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A month of production records aggregated per model and arm, as a {@link MonthAggregator} returns
 * it: counters, sums and nearest-rank latency percentiles, nothing judged at read time.
 *
 * <pre>{@code
 * long served = month.groups().stream().filter(g -> g.arm() == null).mapToLong(MonthAggregate.Group::records).sum();
 * }</pre>
 *
 * @param month the month
 * @param groups one group per model and arm, and one per model with {@code arm} {@code null} (every
 *     arm together), in any order
 * @param skippedRecords records that could not be read (for example a damaged line) and are not
 *     counted in any group
 * @since 0.2
 */
public record MonthAggregate(YearMonth month, List<Group> groups, long skippedRecords) {

    /**
     * Checks and copies the values.
     *
     * @throws IllegalArgumentException when {@code skippedRecords} is negative
     * @param month the month
     * @param groups one group per model and arm, and one per model with {@code arm} {@code null} (every
     * @param skippedRecords records that could not be read (for example a damaged line) and are not
     */
    public MonthAggregate {
        Objects.requireNonNull(month, "month");
        groups = List.copyOf(groups);
        if (skippedRecords < 0) {
            throw new IllegalArgumentException("skippedRecords must be >= 0, was " + skippedRecords);
        }
    }

    /**
     * One model's records in one arm, or in every arm.
     *
     * @param model the model id
     * @param arm the arm, or {@code null} for every arm of the model together
     * @param records how many records
     * @param corrected how many of them were corrected
     * @param correctedFields per field, how many records had it corrected
     * @param ratings how many records were rated
     * @param ratingSum the sum of their ratings
     * @param promptTokens prompt tokens of the records that report usage
     * @param completionTokens completion tokens of those records
     * @param latency latency percentiles of the records that report a latency
     * @since 0.2
     */
    public record Group(
        String model,
        Arm arm,
        long records,
        long corrected,
        Map<String, Long> correctedFields,
        long ratings,
        long ratingSum,
        long promptTokens,
        long completionTokens,
        Latency latency) {

        /**
         * Checks and copies the values.
         *
         * @throws IllegalArgumentException when a count is negative or {@code corrected > records}
         * @param model the model
         * @param arm the arm
         * @param records the records
         * @param corrected the corrected
         * @param correctedFields the corrected fields
         * @param ratings the ratings
         * @param ratingSum the rating sum
         * @param promptTokens the prompt tokens
         * @param completionTokens the completion tokens
         * @param latency the latency
         */
        public Group {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(latency, "latency");
            correctedFields = Collections.unmodifiableMap(new LinkedHashMap<>(correctedFields));
            if (records < 0 || corrected < 0 || corrected > records || ratings < 0 || ratings > records) {
                throw new IllegalArgumentException("need 0 <= corrected, ratings <= records, got corrected "
                    + corrected + ", ratings " + ratings + ", records " + records);
            }
        }

        /**
         * Returns the tokens of the group, prompt and completion together.
         *
         * @return {@code promptTokens + completionTokens}
         */
        public long totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    /**
     * Nearest-rank latency percentiles, in milliseconds; all 0 when no record reports a latency.
     *
     * @param count how many records report a latency
     * @param p50 the median
     * @param p90 the 90th percentile
     * @param p95 the 95th percentile
     * @param p99 the 99th percentile
     * @param errorMillis the most any of these differs from the exact nearest-rank value: 0 when
     *     they are exact, else the bound the sketch that computed them guarantees
     * @since 0.2
     */
    public record Latency(long count, long p50, long p90, long p95, long p99, long errorMillis) {
        /** No latencies. */
        public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException when a value is negative or the percentiles decrease
         * @param count the count
         * @param p50 the p50
         * @param p90 the p90
         * @param p95 the p95
         * @param p99 the p99
         * @param errorMillis the error millis
         */
        public Latency {
            if (count < 0 || errorMillis < 0 || p50 < 0 || p50 > p90 || p90 > p95 || p95 > p99) {
                throw new IllegalArgumentException("need count, errorMillis >= 0 and 0 <= p50 <= p90 <= p95 <= p99, got "
                    + count + ", " + errorMillis + ", " + p50 + ", " + p90 + ", " + p95 + ", " + p99);
            }
        }

        /**
         * Returns whether the percentiles are exact.
         *
         * @return {@code errorMillis == 0}
         */
        public boolean exact() {
            return errorMillis == 0;
        }
    }
}
