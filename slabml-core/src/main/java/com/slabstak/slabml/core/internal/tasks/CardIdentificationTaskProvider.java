/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Task;
import com.slabstak.slabml.spi.TaskProvider;

/** Provides the built-in {@code card_identification} task. Internal; found through ServiceLoader. */
public final class CardIdentificationTaskProvider implements TaskProvider {
    @Override
    public String name() {
        return "card_identification";
    }

    @Override
    public Task create(ProviderContext context) {
        return new CardIdentificationTask();
    }
}
