/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The {@code postgres} store provider: every store on one PostgreSQL database, shared by all the
 * instances of a service. Arguments are non-null unless stated otherwise.
 *
 * @since 0.2
 */
package com.slabstak.slabml.postgres;
