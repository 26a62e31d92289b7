/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * How the core reports to a {@link com.slabstak.slabml.observe.SlabMlObserver}: a wrapper that keeps
 * an observer's failure away from the request, and decorators that observe served predictions and
 * collected samples. Internal: public only for the entry point; not part of the API.
 */
package com.slabstak.slabml.core.internal.observe;
