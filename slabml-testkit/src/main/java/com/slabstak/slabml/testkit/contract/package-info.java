/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Contract tests: abstract JUnit 5 classes every implementation of a SlabML SPI extends to show
 * it behaves like the others. Subclass one, implement its factory method (and hooks), and run
 * it with the rest of your tests:
 *
 * {@code
 * class MyStoreTest extends SampleStoreContract {
 *     protected SampleStore createStore() { return new MySampleStore(...); } // overrides the factory
 * }
 * }
 *
 * <p>These classes need only the API, JUnit and AssertJ, not {@code slabml-core}.
 */
package com.slabstak.slabml.testkit.contract;
