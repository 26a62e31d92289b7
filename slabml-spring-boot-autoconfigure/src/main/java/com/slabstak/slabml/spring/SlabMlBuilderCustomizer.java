/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spring;

import com.slabstak.slabml.core.SlabMl;

/**
 * Changes the builder of the auto-configured {@link SlabMl} bean after the properties and observers
 * are applied: pass backends, stores, tasks or a clock that properties cannot express. Every bean of
 * this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * SlabMlBuilderCustomizer fakes(SimulatedInferenceBackend inference, SimulatedFineTuningBackend fineTuning) {
 *     return builder -> builder.inferenceBackend(inference).fineTuningBackend(fineTuning);
 * }
 * }</pre>
 *
 * @since 0.2
 */
@FunctionalInterface
public interface SlabMlBuilderCustomizer {
    /**
     * Customizes the builder.
     *
     * @param builder the builder of the {@code SlabMl} bean
     */
    void customize(SlabMl.Builder builder);
}
