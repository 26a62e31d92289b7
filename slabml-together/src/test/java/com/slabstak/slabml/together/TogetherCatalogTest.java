/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ParameterRange;
import com.slabstak.slabml.spi.TokenizerSpec;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.TrainingMethod;
import com.slabstak.slabml.simulator.together.SimulatedTogetherServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Together's catalogue, read without a key. */
class TogetherCatalogTest {
    private final ModelCatalog catalog = new TogetherFineTuningBackendProvider().catalog(SlabMlConfig.of(Map.of()));

    @Test
    void catalog_noKey_listsLlamaReferenceAsDefaultWithBothMethods() {
        TrainableModel llama = catalog.require(TogetherHarness.BASE);
        assertThat(catalog.provider()).isEqualTo("together");
        assertThat(catalog.defaultModel()).hasValue(TogetherHarness.BASE);
        assertThat(llama.contextTokens()).isEqualTo(131_072);
        assertThat(llama.supports(TrainingMethod.SUPERVISED)).isTrue();
        assertThat(llama.supports(TrainingMethod.PREFERENCE)).isTrue();
        assertThat(llama.tokenizer().kind()).isEqualTo(TokenizerSpec.Kind.HUGGING_FACE);
        assertThat(llama.prices()).as("Together's prices are not published in its docs").isEmpty();
        assertThat(catalog.limits().minExamples()).isEqualTo(1);
        assertThat(catalog.limits().maxFileBytes()).isEqualTo(5L << 30);
    }

    @Test
    void require_fineTunedOutputName_resolvesToItsBaseModel() {
        String tuned = SimulatedTogetherServer.USER + "/Meta-Llama-3.1-8B-Instruct-Reference-cards-0a29304b";
        assertThat(catalog.require(tuned).id()).isEqualTo(TogetherHarness.BASE);
        assertThat(catalog.require("someone/gpt-oss-20b-cards-1234").id()).isEqualTo("openai/gpt-oss-20b");
        assertThat(catalog.require("openai/gpt-oss-20b").range(ParameterRange.BATCH_SIZE))
            .hasValueSatisfying(r -> assertThat(r.contains(8)).isTrue());
    }

    @Test
    void require_unknownModel_namesItAndTheKnownOnes() {
        assertThatThrownBy(() -> catalog.require("gpt-4o-mini-2024-07-18"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("gpt-4o-mini-2024-07-18").hasMessageContaining(TogetherHarness.BASE);
    }
}
