/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.ProductionRecord;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where production records are kept, one log per month ({@code production_log_YYYYMM.jsonl}).
 *
 * @since 0.1
 */
public interface ProductionLogStore extends AutoCloseable {
    /**
     * Stores a record that has its id and timestamp set.
     *
     * @param record the record
     */
    void append(ProductionRecord record);

    /**
     * Streams one month's records. Close the stream.
     *
     * @param month the month
     * @return the stream
     */
    Stream<ProductionRecord> read(YearMonth month);

    /**
     * Reads the records of {@code month} stored after {@code position}, at most {@code limit} of
     * them, in the order {@link #read} returns them, and the position after the last one returned.
     * A reader that follows a log passes each page's position to the next call, so every record is
     * read once and a call costs what it returns, not what the month holds. Positions are opaque
     * to callers and valid for one month of one store.
     *
     * <p>The default counts records ({@code read(month)} skipping {@code position} of them), so its
     * cost grows with the month; stores override it with a real position (a byte offset, a
     * sequence number).
     *
     * <pre>{@code
     * String position = ProductionLogStore.START;
     * Page page;
     * do {
     *     page = log.readAfter(month, position, 10_000);
     *     page.records().forEach(tally::add);
     *     position = page.position();
     * } while (page.records().size() == 10_000);
     * }</pre>
     *
     * @param month the month
     * @param position {@link #START} or a position an earlier page of this month returned
     * @param limit the most records to return, at least 1
     * @return the records after {@code position} and the position after them
     * @throws com.slabstak.slabml.InvalidInputException when the position is not one of this store's
     * @throws com.slabstak.slabml.StoreException when reading fails
     * @since 0.2
     */
    default Page readAfter(YearMonth month, String position, int limit) {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(position, "position");
        if (limit < 1) {
            throw new com.slabstak.slabml.InvalidInputException("limit", "must be at least 1, was " + limit);
        }
        long skip = -1;
        try {
            skip = position.isEmpty() ? 0 : Long.parseLong(position);
        } catch (NumberFormatException e) {
            // reported below
        }
        if (skip < 0) {
            throw new com.slabstak.slabml.InvalidInputException("position", "not a position of this store: '" + position + "'");
        }
        try (Stream<ProductionRecord> s = read(month)) {
            List<ProductionRecord> records = s.skip(skip).limit(limit).collect(Collectors.toUnmodifiableList());
            return new Page(records, Long.toString(skip + records.size()));
        }
    }

    /**
     * Returns the months that have records, oldest first.
     *
     * @return the months that have records, oldest first
     */
    List<YearMonth> months();

    /**
     * Returns this store's way of aggregating a month where the records are kept, when it has one.
     * The monthly analysis then asks it for counters and percentiles instead of reading every record.
     *
     * <pre>{@code
     * MonthAggregate november = store.aggregator().orElseThrow().aggregate(YearMonth.of(2026, 11));
     * }</pre>
     *
     * @return the aggregator, or empty (the default) when the caller should stream {@link #read(YearMonth)}
     * @since 0.2
     */
    default Optional<MonthAggregator> aggregator() {
        return Optional.empty();
    }

    @Override
    default void close() {
    }

    /**
     * The position before a month's first record.
     *
     * @since 0.2
     */
    String START = "";

    /**
     * Records read after a position, and the position after them.
     *
     * @param records the records, in log order
     * @param position where the next read continues
     * @since 0.2
     */
    record Page(List<ProductionRecord> records, String position) {
        /**
         * Copies the records and checks the position.
         *
         * @param records the records
         * @param position the position
         */
        public Page {
            records = List.copyOf(records);
            Objects.requireNonNull(position, "position");
        }
    }
}
