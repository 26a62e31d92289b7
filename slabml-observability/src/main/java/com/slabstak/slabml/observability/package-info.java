/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Bindings of {@link com.slabstak.slabml.observe.SlabMlObserver} to metrics libraries:
 * {@link com.slabstak.slabml.observability.micrometer.MicrometerObserver} and
 * {@link com.slabstak.slabml.observability.opentelemetry.OpenTelemetryObserver}. Both libraries are
 * optional dependencies of this module: add the one the service uses; the other is never loaded.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 *
 * @since 0.2
 */
package com.slabstak.slabml.observability;
