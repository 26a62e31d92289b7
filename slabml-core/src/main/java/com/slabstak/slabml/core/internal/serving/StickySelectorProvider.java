/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.spi.ModelSelector;
import com.slabstak.slabml.spi.ModelSelectorProvider;
import com.slabstak.slabml.spi.ProviderContext;
import java.util.Objects;

/**
 * Provides the default {@link ModelSelector}, named {@code sticky}: the candidate serves subjects
 * whose Unleash-compatible bucket (see {@link StickyBuckets}, group = task name) is at most the
 * rollout percentage; requests without a subject get a random arm. Internal: public for
 * {@link java.util.ServiceLoader}.
 *
 * {@code ModelSelector s = new StickySelectorProvider().create(context);}
 */
public final class StickySelectorProvider implements ModelSelectorProvider {
    /** The provider name, for {@code slabml.selector.provider}. */
    public static final String NAME = "sticky";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelSelector create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        return new StickySelector();
    }
}
