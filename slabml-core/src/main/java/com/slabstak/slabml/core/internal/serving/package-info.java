/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Serving: the model registry, the sticky rollout selector, the model manager with its circuit
 * breaker, fallback and response cache. Internal: public only so the entry point and provider
 * discovery can reach it; not part of the API. Parameters are non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.serving;
