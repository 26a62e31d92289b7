/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Implementation of the Together AI provider. Not part of the API: classes here are public only so
 * the provider factory can reach them, and may change without notice.
 */
package com.slabstak.slabml.together.internal;
