/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * What a write does when the store's bounded queue is full
 * ({@code slabml.store[.<store>].when_full}).
 *
 * @since 0.2
 */
public enum WhenFull {
    /** Waits for room up to the block timeout, then fails with {@link com.slabstak.slabml.StoreFullException}. */
    BLOCK,
    /** Fails at once with {@link com.slabstak.slabml.StoreFullException}. */
    REJECT
}
