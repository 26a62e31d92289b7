/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Benchmarks of the embedded file store: caller latency of one collect call and sustained records
 * per second per durability mode, next to the simple open-append-close approach. Run by hand, see
 * {@code BENCHMARKS.md}.
 */
package com.slabstak.slabml.examples.benchmarks;
