/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.ProductionRecord;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where production records are kept, one log per month ({@code production_log_YYYYMM.jsonl}). */
public interface ProductionLogStore extends AutoCloseable {
    /** Stores a record that has its id and timestamp set. */
    void append(ProductionRecord record);

    /** Streams one month's records. Close the stream. */
    Stream<ProductionRecord> read(YearMonth month);

    /** Returns the months that have records, oldest first. */
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
}