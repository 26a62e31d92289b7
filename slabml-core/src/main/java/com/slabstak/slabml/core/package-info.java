/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The SlabML entry point, {@link com.slabstak.slabml.core.SlabMl}. Parameters and return values
 * are non-null unless documented otherwise.
 */
package com.slabstak.slabml.core;
