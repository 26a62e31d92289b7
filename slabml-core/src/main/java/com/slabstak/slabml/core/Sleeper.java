/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core;

import java.time.Duration;

/**
 * How SlabML waits between polls (for example while a fine-tuning job runs). The default blocks
 * the thread; a test that drives a controllable clock passes one that advances the clock
 * instead, so nothing really sleeps and time-dependent fakes keep moving.
 *
 * {@code SlabMl.builder().clock(manualClock).sleeper(manualClock::advance)}
 */
@FunctionalInterface
public interface Sleeper {
    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /** Returns a sleeper that blocks the calling thread. */
    static Sleeper system() {
        return d -> Thread.sleep(Math.max(0L, d.toMillis()));
    }
}
