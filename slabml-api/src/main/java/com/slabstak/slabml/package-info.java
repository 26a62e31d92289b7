/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The SlabML API: the services a host application calls ({@link com.slabstak.slabml.TrainingDataCollector},
 * {@link com.slabstak.slabml.DatasetExporter}, {@link com.slabstak.slabml.FineTuningManager},
 * {@link com.slabstak.slabml.ModelManager}, {@link com.slabstak.slabml.ModelEvaluator},
 * {@link com.slabstak.slabml.ModelRegistry}), their immutable values and the exception tree rooted at
 * {@link com.slabstak.slabml.SlabMlException}.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise; absent values are
 * returned as {@code Optional}. Public entry points check their arguments once.
 */
package com.slabstak.slabml;
