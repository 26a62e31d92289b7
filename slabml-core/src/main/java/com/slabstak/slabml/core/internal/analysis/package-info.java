/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Streaming aggregation of production records into per-model and per-arm counters and mergeable
 * latency sketches, shared by the stores that scan their own files and by the evaluator that
 * streams a store's records. Internal: public only so the store and evaluation packages can share
 * it; not part of the API and may change without notice.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.analysis;
