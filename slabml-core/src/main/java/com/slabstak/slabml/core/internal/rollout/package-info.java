/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Rollouts: the sequential guardrail that watches a candidate in production, what runs it while
 * records are stored, and the anytime-valid tests it uses. Internal: public only so the entry point
 * and the loop can call it; not part of the API and may change without notice.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.rollout;
