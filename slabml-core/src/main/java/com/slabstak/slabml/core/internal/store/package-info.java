/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The embedded default store ({@code file}): append-only JSONL files under the data directory,
 * written by one background writer thread per log with group commit, safe across threads and
 * processes. Internal: public only for technical reasons (ServiceLoader, counters); not part of
 * the API and may change without notice. Parameters are non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.store;
