/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * When a store acknowledges a write. Every store provider gives the three modes the same meaning;
 * chosen per store with {@code slabml.store[.<store>].durability}.
 *
 * @since 0.2
 */
public enum Durability {
    /**
     * Acknowledged once queued; written in the background in batches. A crash loses at most the
     * records still queued, bounded by the queue capacity.
     */
    ASYNC,
    /**
     * Acknowledged once the batch holding the record is durable: forced to disk (file store) or
     * committed (database). Concurrent writers share one force or commit (group commit).
     */
    BATCH,
    /** Written and made durable by the calling thread itself, one force or commit per call. */
    SYNC
}
