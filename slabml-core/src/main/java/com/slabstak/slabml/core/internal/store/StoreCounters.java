/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

/**
 * What one log did since it was opened: records accepted into the queue, records written, records
 * refused because the queue stayed full, records whose write failed, batches written and forces
 * to disk. Nothing is dropped silently: every queued record ends up in {@code written} or
 * {@code failed} (logged at ERROR), and a refused one was reported to its caller.
 *
 * {@code StoreCounters c = ((FileSampleStore) stores.samples()).counters();}
 */
public record StoreCounters(long queued, long written, long rejected, long failed, long batches, long fsyncs) {
}
