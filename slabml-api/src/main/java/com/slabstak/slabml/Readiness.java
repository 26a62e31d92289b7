/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * Whether one task (and group, such as {@code ebay/professional} for listings) has enough samples
 * to fine-tune: {@code have} against {@code need}.
 *
 * @since 0.1
 */
public record Readiness(TaskName task, String group, long have, long need) {
    /**
     * Returns whether there are enough samples.
     *
     * @return {@code have >= need}
     */
    public boolean ready() {
        return have >= need;
    }
}