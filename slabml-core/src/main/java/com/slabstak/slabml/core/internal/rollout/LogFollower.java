/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.rollout;

import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Follows a production log from a first month on, reading each record once. It keeps a position in
 * every month from the first to the current one, not only in the newest: a record can reach a month
 * after the month is over (a write queued at the turn of the month, or one a store holds back until
 * an older transaction ends), and it is still read. A call costs one read per month followed plus the
 * records it returns, not the size of the log.
 */
public final class LogFollower {
    /** The most records one {@code readAfter} returns. */
    private static final int PAGE = 10_000;

    private final ProductionLogStore log;
    private final YearMonth first;
    private final TreeMap<YearMonth, String> positions = new TreeMap<>();

    /**
     * Creates a follower that has read nothing yet.
     *
     * @param log the log
     * @param first the first month to read
     */
    public LogFollower(ProductionLogStore log, YearMonth first) {
        this.log = log;
        this.first = first;
    }

    /**
     * Reads the records stored since the last call in the months from the first to {@code current},
     * each once, oldest month first.
     *
     * @param current the month it is now
     * @param sink what receives each record
     * @return how many records it read
     */
    public long readNew(YearMonth current, Consumer<ProductionRecord> sink) {
        YearMonth next = positions.isEmpty() ? first : positions.lastKey().plusMonths(1);
        for (YearMonth m = next; !m.isAfter(current); m = m.plusMonths(1)) {
            positions.put(m, ProductionLogStore.START);
        }
        long read = 0;
        for (Map.Entry<YearMonth, String> e : positions.entrySet()) {
            String position = e.getValue();
            ProductionLogStore.Page p;
            do {
                p = log.readAfter(e.getKey(), position, PAGE);
                p.records().forEach(sink);
                read += p.records().size();
                position = p.position();
            } while (p.records().size() == PAGE);
            e.setValue(position);
        }
        return read;
    }
}
