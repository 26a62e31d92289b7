/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The quickstart: the whole fine-tuning loop of the seed's workflow on the embedded default, offline
 * and in seconds. Run {@code java -jar examples/quickstart/target/slabml-quickstart.jar}; see
 * {@link com.slabstak.slabml.examples.quickstart.Quickstart}.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.examples.quickstart;
