/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.TokenizerSpec;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.TrainingMethod;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclaredModelsTest {
    private static final String LLAMA = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";

    @Test
    void apply_modelTheProviderDoesNotList_isAddedWithItsLimitsAndPrice() {
        SlabMlConfig config = SlabMlConfig.of(Map.of(
            "slabml.models", LLAMA,
            "slabml.models." + LLAMA + ".context_tokens", "131072",
            "slabml.models." + LLAMA + ".max_example_tokens", "8192",
            "slabml.models." + LLAMA + ".tokenizer", "huggingface:/models/llama/tokenizer.json",
            "slabml.models." + LLAMA + ".price", "0.48",
            "slabml.models." + LLAMA + ".preference_price", "1.20",
            "slabml.models." + LLAMA + ".price_date", "2026-12-01",
            "slabml.fine_tuning.base_model", LLAMA));

        ModelCatalog c = DeclaredModels.apply(ModelCatalog.empty("acme"), config);

        TrainableModel m = c.require(LLAMA);
        assertThat(m.contextTokens()).isEqualTo(131_072);
        assertThat(m.maxExampleTokens()).isEqualTo(8_192);
        assertThat(m.tokenizer()).isEqualTo(TokenizerSpec.huggingFace("/models/llama/tokenizer.json"));
        assertThat(m.price(TrainingMethod.SUPERVISED)).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("0.48"));
        assertThat(m.methods()).containsExactly(TrainingMethod.SUPERVISED, TrainingMethod.PREFERENCE);
        assertThat(m.priceDate()).contains(LocalDate.of(2026, 12, 1));
        assertThat(c.defaultModel()).contains(LLAMA);
    }

    @Test
    void apply_listedModel_changesOnlyWhatIsDeclared() {
        SlabMlConfig config = SlabMlConfig.of(Map.of(
            "slabml.models", TestCatalog.MINI,
            "slabml.models." + TestCatalog.MINI + ".price", "3.50",
            "slabml.models." + TestCatalog.MINI + ".price_date", "2027-01-02",
            "slabml.models." + TestCatalog.MINI + ".shutdown_date", "2027-01-14"));

        TrainableModel m = DeclaredModels.apply(TestCatalog.create(), config).require(TestCatalog.MINI);

        assertThat(m.price(TrainingMethod.SUPERVISED)).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3.50"));
        assertThat(m.priceDate()).contains(LocalDate.of(2027, 1, 2));
        assertThat(m.shutdownDate()).contains(LocalDate.of(2027, 1, 14));
        assertThat(m.maxExampleTokens()).isEqualTo(65_536);
        assertThat(m.tokenizer()).isEqualTo(TokenizerSpec.tiktoken("o200k_base"));
    }

    @Test
    void apply_badDeclarations_reportsEveryKeyAtOnce() {
        SlabMlConfig config = SlabMlConfig.of(Map.of(
            "slabml.models", "a, b",
            "slabml.models.a.context_tokens", "lots",
            "slabml.models.b.context_tokens", "1000",
            "slabml.models.b.price", "0.5",
            "slabml.models.b.tokenizer", "sentencepiece"));

        assertThatThrownBy(() -> DeclaredModels.apply(ModelCatalog.empty("acme"), config))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.models.a.context_tokens: expected a positive integer, was 'lots'")
            .hasMessageContaining("slabml.models.b.tokenizer")
            .hasMessageContaining("price_date");
    }

    @Test
    void apply_defaultModelNotInTheCatalogue_failsNamingTheKey() {
        assertThatThrownBy(() -> DeclaredModels.apply(ModelCatalog.empty("acme"),
                SlabMlConfig.of(Map.of("slabml.fine_tuning.base_model", "nowhere"))))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.fine_tuning.base_model")
            .hasMessageContaining("'nowhere'");
    }
}
