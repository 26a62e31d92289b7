/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The default {@link com.slabstak.slabml.ImprovementLoop}: its settings, its persisted state, the
 * frozen held-out set and the retrain triggers. Internal: public only for the entry point; not part
 * of the API and may change without notice.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.loop;
