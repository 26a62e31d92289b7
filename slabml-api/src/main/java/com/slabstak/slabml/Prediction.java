/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * A model's answer with its metadata.
 *
 * <pre>{@code
 * Prediction<CardData> p = manager.identifyCard(ocrText);
 * String model = p.metadata().modelUsed();
 * }</pre>
 *
 * @since 0.1
 */
public record Prediction<T>(T value, PredictionMetadata metadata) {
    /**
     * Checks the components.
     *
     * @param value the value
     * @param metadata the metadata
     */
    public Prediction {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(metadata, "metadata");
    }
}