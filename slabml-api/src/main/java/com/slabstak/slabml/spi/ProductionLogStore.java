/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.ProductionRecord;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;

/** Where production records are kept, one log per month ({@code production_log_YYYYMM.jsonl}). */
public interface ProductionLogStore extends AutoCloseable {
    /** Stores a record that has its id and timestamp set. */
    void append(ProductionRecord record);

    /** Streams one month's records. Close the stream. */
    Stream<ProductionRecord> read(YearMonth month);

    /** Returns the months that have records, oldest first. */
    List<YearMonth> months();

    @Override
    default void close() {
    }
}