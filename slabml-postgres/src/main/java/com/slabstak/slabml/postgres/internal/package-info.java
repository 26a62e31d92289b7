/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The PostgreSQL stores' implementation. Internal: not part of the API, may change in any release.
 */
package com.slabstak.slabml.postgres.internal;
