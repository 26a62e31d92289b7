/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import java.time.YearMonth;

/**
 * A {@link ProductionLogStore}'s optional capability to aggregate a month of production records
 * where they are kept (in SQL with {@code GROUP BY} and {@code percentile_disc}, or by scanning its
 * own files), instead of handing every record to the caller. The monthly analysis uses it when
 * {@link ProductionLogStore#aggregator()} offers one, and otherwise streams
 * {@link ProductionLogStore#read(YearMonth)}.
 *
 * <p>Every number is defined so that any engine computes the same one from the same records:
 * <ul>
 *   <li>a record is corrected, and its corrected fields are, what was judged when it was tracked
 *       ({@link com.slabstak.slabml.ProductionRecord#correctedFields()}); a record stored without a
 *       judgement counts as corrected when its correction differs from its prediction
 *       ({@link com.slabstak.slabml.ProductionRecord#isCorrected()}), with the correction's fields
 *       whose values differ;</li>
 *   <li>percentiles are nearest-rank over the records that have a latency: the {@code p}th
 *       percentile of {@code n} sorted values is the value at rank {@code ceil(p / 100 * n)}
 *       (SQL {@code percentile_disc(p / 100.0) WITHIN GROUP (ORDER BY latency_ms)}); an engine that
 *       uses a sketch states its error bound in {@link MonthAggregate.Latency#errorMillis()}.</li>
 * </ul>
 *
 * <pre>{@code
 * MonthAggregate month = store.aggregator()
 *     .map(a -> a.aggregate(YearMonth.of(2026, 11)))
 *     .orElseThrow();
 * for (MonthAggregate.Group g : month.groups()) {
 *     System.out.println(g.model() + " " + g.arm() + ": " + g.corrected() + "/" + g.records() + " corrected");
 * }
 * }</pre>
 *
 * @since 0.2
 */
@FunctionalInterface
public interface MonthAggregator {

    /**
     * Aggregates one month of production records (by their timestamp in UTC), in memory that does
     * not grow with the number of records.
     *
     * @param month the month
     * @return one group per model and arm and one per model with every arm together; no groups when
     *     the month has no records
     * @throws com.slabstak.slabml.StoreException when reading fails
     */
    MonthAggregate aggregate(YearMonth month);
}
