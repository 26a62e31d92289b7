/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Built-in tasks: card identification and listing generation, and their providers. The card and
 * listing domain lives here and nowhere else in the core: field comparisons and normal forms,
 * coverage dimensions, the split identity, title fitting and listing quality; the generic code
 * asks a {@link com.slabstak.slabml.spi.Task} through its hooks. Internal: public only for
 * technical reasons, not part of the API, may change without notice. Parameters and return values are non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.tasks;
