/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.StoreException;

/**
 * An append was refused because the store's queue was full ({@code slabml.store.when_full=REJECT})
 * or stayed full for the configured timeout ({@code BLOCK}). Nothing was written; the caller may
 * retry later. Counted in {@link StoreCounters#rejected()}.
 */
public final class StoreFullException extends StoreException {
    private static final long serialVersionUID = 1L;

    StoreFullException(String message) {
        super(message);
    }
}
