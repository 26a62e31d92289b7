/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * OpenTelemetry metrics from SlabML's observation seam, with the GenAI semantic conventions where
 * they apply; see {@link com.slabstak.slabml.observability.opentelemetry.OpenTelemetryObserver}.
 * Needs {@code io.opentelemetry:opentelemetry-api} on the class path.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 *
 * @since 0.2
 */
package com.slabstak.slabml.observability.opentelemetry;
