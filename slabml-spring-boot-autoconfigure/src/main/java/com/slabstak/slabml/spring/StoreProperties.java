/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spring;

import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.spi.WhenFull;
import java.time.Duration;

/**
 * The stores: which provider, and the write settings every store shares. Bound as part of {@link SlabMlProperties}.
 *
 * @since 0.2
 */
public class StoreProperties extends SlabMlProperties.ProviderChoice {
    /** ASYNC (return once queued), BATCH (group commit) or SYNC. Default: BATCH, production log ASYNC. */
    private Durability durability;

    /** Records waiting for the writer. Default: 65536. */
    private Integer queueCapacity;

    /** What a full queue does: BLOCK (up to block-timeout) or REJECT. Default: BLOCK. */
    private WhenFull whenFull;

    /** How long BLOCK waits for room. Default: 10s. */
    private Duration blockTimeout;

    /** Records per write. Default: 8192. */
    private Integer maxBatch;

    /** How often an ASYNC writer looks for work while busy. Default: 1ms. */
    private Duration flushInterval;

    /** Register a JVM shutdown hook that closes the stores. Default: false (the SlabMl bean is closed by Spring). */
    private Boolean shutdownHook;

    /** @return the durability, or null */
    public Durability getDurability() {
        return durability;
    }

    /** @param durability the durability */
    public void setDurability(Durability durability) {
        this.durability = durability;
    }

    /** @return the queue capacity, or null */
    public Integer getQueueCapacity() {
        return queueCapacity;
    }

    /** @param queueCapacity the queue capacity */
    public void setQueueCapacity(Integer queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /** @return the full-queue policy, or null */
    public WhenFull getWhenFull() {
        return whenFull;
    }

    /** @param whenFull the full-queue policy */
    public void setWhenFull(WhenFull whenFull) {
        this.whenFull = whenFull;
    }

    /** @return the block timeout, or null */
    public Duration getBlockTimeout() {
        return blockTimeout;
    }

    /** @param blockTimeout the block timeout */
    public void setBlockTimeout(Duration blockTimeout) {
        this.blockTimeout = blockTimeout;
    }

    /** @return the batch size, or null */
    public Integer getMaxBatch() {
        return maxBatch;
    }

    /** @param maxBatch the batch size */
    public void setMaxBatch(Integer maxBatch) {
        this.maxBatch = maxBatch;
    }

    /** @return the flush interval, or null */
    public Duration getFlushInterval() {
        return flushInterval;
    }

    /** @param flushInterval the flush interval */
    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    /** @return whether to register a shutdown hook, or null */
    public Boolean getShutdownHook() {
        return shutdownHook;
    }

    /** @param shutdownHook whether to register a shutdown hook */
    public void setShutdownHook(Boolean shutdownHook) {
        this.shutdownHook = shutdownHook;
    }
}
