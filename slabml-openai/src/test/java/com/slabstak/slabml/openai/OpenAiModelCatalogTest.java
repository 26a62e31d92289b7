/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.SlabMlConfig;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiModelCatalogTest {
    @ParameterizedTest
    @CsvSource({"1,25", "3,25", "10,10", "20,5", "33,3", "34,3", "8333,3", "8334,2", "12500,2", "30000,1"})
    void autoEpochs_exampleCount_matchesOpenAisRule(int examples, int epochs) {
        assertThat(new OpenAiFineTuningBackendProvider().catalog(SlabMlConfig.of(Map.of())).autoEpochs(examples))
            .isEqualTo(epochs);
    }
}
