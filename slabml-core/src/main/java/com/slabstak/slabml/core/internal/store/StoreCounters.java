/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

/**
 * What one log did since it was opened: records accepted into the queue, records written, records
 * refused because the queue stayed full, records whose write failed, batches written, forces to
 * disk, and the log entries its write failures produced (the first failure of a run in full, then
 * summaries). Nothing is dropped silently: every queued record ends up in {@code written} or
 * {@code failed}, and a refused one was reported to its caller.
 *
 * <pre>{@code
 * StoreCounters c = ((FileSampleStore) stores.samples()).counters();
 * long atRisk = c.backlog();   // under ASYNC: what a crash now would lose
 * }</pre>
 *
 * @param queued records accepted
 * @param written records written (and forced, where the durability asks for it)
 * @param rejected records refused because the queue stayed full
 * @param failed records whose write failed
 * @param batches batches written
 * @param fsyncs forces to disk
 * @param failureLogEntries log entries written about failures
 */
record StoreCounters(long queued, long written, long rejected, long failed, long batches, long fsyncs,
                            long failureLogEntries) {

    /**
     * Returns the records accepted and not yet written (or failed): under {@code ASYNC}, what a crash
     * at this moment would lose; never more than the queue capacity plus one batch in flight.
     *
     * @return the backlog, in records
     * @since 0.2
     */
    public long backlog() {
        return Math.max(0, queued - written - failed);
    }
}
