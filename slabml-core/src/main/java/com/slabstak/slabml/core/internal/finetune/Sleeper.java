/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import java.time.Duration;

/**
 * Waits between polls. The system sleeper blocks the thread; tests pass one that advances a
 * controllable clock instead, so no test ever really sleeps.
 *
 * {@code Sleeper s = Sleeper.system(); s.sleep(Duration.ofSeconds(5));}
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** Returns a sleeper that blocks the calling thread. */
    static Sleeper system() {
        return d -> Thread.sleep(Math.max(0L, d.toMillis()));
    }
}
