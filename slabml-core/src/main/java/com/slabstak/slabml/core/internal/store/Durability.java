/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

/** When an append returns, relative to the disk. */
enum Durability {
    /** Once queued; the writer thread writes it in the background (lost on a crash before that). */
    ASYNC,
    /** Once the batch holding it is written and forced to disk (group commit). */
    BATCH,
    /** Written and forced by the calling thread itself, without the queue. */
    SYNC
}
