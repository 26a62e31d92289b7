/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observe;

/**
 * A snapshot of one store's write path, read whenever a metric is scraped. Counts are totals since
 * the store was opened and never decrease; {@code queueDepth} is the number of records accepted but
 * not yet written (0 for a store without a queue).
 *
 * <pre>{@code
 * observer.storeOpened("samples", () -> new StoreStats(queue.size(), written, rejected, failed));
 * }</pre>
 *
 * @param queueDepth records waiting to be written now
 * @param written records written since the store opened
 * @param rejected records refused because the queue stayed full ({@link com.slabstak.slabml.StoreFullException})
 * @param failed records whose write failed
 * @param batches writes of one or more records since the store opened (0 where the store does not batch)
 * @param forces forces to disk since the store opened (0 where the store does not know); with
 *     {@code written}, how many records each force made durable (group commit)
 * @since 0.2
 */
public record StoreStats(long queueDepth, long written, long rejected, long failed, long batches, long forces) {
    /** A store with nothing queued and nothing written. */
    public static final StoreStats EMPTY = new StoreStats(0, 0, 0, 0, 0, 0);

    /**
     * Checks that no count is negative.
     *
     * @throws IllegalArgumentException naming the negative count
     * @param queueDepth records waiting to be written now
     * @param written records written since the store opened
     * @param rejected records refused because the queue stayed full ({@link com.slabstak.slabml.StoreFullException})
     * @param failed records whose write failed
     * @param batches writes of one or more records since the store opened
     * @param forces forces to disk since the store opened
     */
    public StoreStats {
        if (queueDepth < 0 || written < 0 || rejected < 0 || failed < 0 || batches < 0 || forces < 0) {
            throw new IllegalArgumentException("store counts must not be negative: queueDepth=" + queueDepth
                + ", written=" + written + ", rejected=" + rejected + ", failed=" + failed + ", batches=" + batches
                + ", forces=" + forces);
        }
    }

    /**
     * A snapshot of a store that does not count its batches and forces.
     *
     * @param queueDepth records waiting to be written now
     * @param written records written since the store opened
     * @param rejected records refused because the queue stayed full
     * @param failed records whose write failed
     * @throws IllegalArgumentException naming the negative count
     */
    public StoreStats(long queueDepth, long written, long rejected, long failed) {
        this(queueDepth, written, rejected, failed, 0, 0);
    }
}
