/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Micrometer meters from SlabML's observation seam; see
 * {@link com.slabstak.slabml.observability.micrometer.MicrometerObserver} for the meter names.
 * Needs {@code io.micrometer:micrometer-core} on the class path.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 *
 * @since 0.2
 */
package com.slabstak.slabml.observability.micrometer;
