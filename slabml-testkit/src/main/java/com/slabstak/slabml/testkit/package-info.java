/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Test doubles for SlabML: a {@link com.slabstak.slabml.testkit.ManualClock}, in-memory stores,
 * fake fine-tuning and inference backends with a simulated learner and fault injection, a
 * realistic card sample generator and a JUnit 5 extension that builds an isolated {@code SlabMl}.
 *
 * <p>Every fake is thread-safe, records what it was asked and can be reset. Every parameter and
 * return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.testkit;
