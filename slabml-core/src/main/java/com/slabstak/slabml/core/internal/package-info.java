/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Internal implementation classes. Public only for technical reasons; not part of the API and may
 * change without notice.
 */
package com.slabstak.slabml.core.internal;
