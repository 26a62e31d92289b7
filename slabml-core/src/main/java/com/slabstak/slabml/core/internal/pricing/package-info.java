/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Model prices and limits shared by the dataset, evaluation and serving code: the training model
 * table (token encoding, context limit, training price) and the inference price table. Internal:
 * public only so the entry point, the command line and the examples can use it; not part of the
 * API and may change without notice.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.pricing;
