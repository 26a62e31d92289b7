/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

/** What an append does when the queue is full. */
enum WhenFull {
    /** Wait for room up to the configured timeout, then fail with {@link StoreFullException}. */
    BLOCK,
    /** Fail at once with {@link StoreFullException}. */
    REJECT
}
