/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The service provider interface: what backends, selectors, stores and tasks implement. Each is
 * created by a {@code *Provider} factory with a unique {@code name()}, found with
 * {@link java.util.ServiceLoader} or passed to the {@code SlabMl} builder.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.spi;
