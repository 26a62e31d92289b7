/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Test helpers a test wires explicitly: {@link com.slabstak.slabml.testkit.InMemoryStores}, a
 * JUnit 5 extension that builds an isolated {@code SlabMl} on the simulator
 * ({@link com.slabstak.slabml.testkit.SlabMlExtension}) and AssertJ assertions on the simulated
 * backends. The testkit registers nothing for {@link java.util.ServiceLoader}: with a real
 * provider on the same class path, that provider stays the only one. The simulated backends,
 * the manual clock and the simulated provider servers are in {@code slabml-simulator}.
 *
 * <p>Every helper is thread-safe. Every parameter and return value is non-null unless documented
 * otherwise.
 */
package com.slabstak.slabml.testkit;
