/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The observation seam: a {@link com.slabstak.slabml.observe.SlabMlObserver} that the core, the
 * stores and the providers call when something worth a metric happens (a served prediction, a
 * circuit changing state, a collected sample, a job changing status, a rollout step, a guardrail
 * decision), and the values they pass. Bindings to Micrometer and OpenTelemetry live in
 * {@code slabml-observability}; without an observer nothing is recorded.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 *
 * @since 0.2
 */
package com.slabstak.slabml.observe;
