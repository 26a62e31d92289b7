/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Evaluation and monitoring: accuracy with Wilson intervals, paired A/B tests with McNemar's test,
 * per-field comparison, listing quality, production tracking and monthly analysis, the promotion
 * gate and the HTML/JSON reports (the rollout guardrail is in {@code core.internal.rollout}). Internal: public only so the command line
 * and the loop can call it; not part of the API and may change without notice.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.evaluation;
