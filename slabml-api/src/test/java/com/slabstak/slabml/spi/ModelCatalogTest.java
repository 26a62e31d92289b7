/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.SlabMlConfig;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    private static ModelCatalog catalog() {
        return ModelCatalog.builder("acme")
            .limits(new DatasetLimits(10, 1_000))
            .add(TrainableModel.builder("small").contextTokens(4_096).maxExampleTokens(2_048)
                .tokenizer(TokenizerSpec.tiktoken("enc"))
                .price(TrainingMethod.SUPERVISED, new BigDecimal("2.00"))
                .priceDate(DAY)
                .range(ParameterRange.of(ParameterRange.EPOCHS, 1, 10))
                .build())
            .add(TrainableModel.builder("large").contextTokens(8_192)
                .price(TrainingMethod.SUPERVISED, new BigDecimal("8.00"))
                .price(TrainingMethod.PREFERENCE, new BigDecimal("12.00"))
                .priceDate(DAY)
                .shutdownDate(LocalDate.of(2027, 6, 1))
                .build())
            .defaultModel("small")
            .baseModelOf(id -> id.startsWith("tuned:") ? Optional.of(id.split(":")[1]) : Optional.empty())
            .build();
    }

    @Test
    void find_fineTunedId_resolvesToItsBaseModel() {
        assertThat(catalog().find("tuned:large:abc")).map(TrainableModel::id).contains("large");
        assertThat(catalog().find("tuned:missing:abc")).isEmpty();
    }

    @Test
    void require_unknownModel_namesModelProviderAndKnownOnes() {
        assertThatThrownBy(() -> catalog().require("other"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("'other'").hasMessageContaining("acme").hasMessageContaining("small, large");
    }

    @Test
    void build_defaultModelNotListed_fails() {
        assertThatThrownBy(() -> ModelCatalog.builder("acme").defaultModel("x").build())
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("default_model");
    }

    @Test
    void supporting_preference_listsOnlyModelsThatTrainIt() {
        assertThat(catalog().supporting(TrainingMethod.PREFERENCE)).extracting(TrainableModel::id).containsExactly("large");
        assertThat(catalog().require("small").methods()).containsExactly(TrainingMethod.SUPERVISED);
    }

    @Test
    void trainableModel_withoutExampleLimit_usesTheContext() {
        TrainableModel large = catalog().require("large");
        assertThat(large.maxExampleTokens()).isEqualTo(8_192);
        assertThat(large.tokenizer()).isEqualTo(TokenizerSpec.estimate());
        assertThat(large.toBuilder().build()).isEqualTo(large);
    }

    @Test
    void trainableModel_exampleLimitAboveContext_fails() {
        assertThatThrownBy(() -> TrainableModel.builder("m").contextTokens(100).maxExampleTokens(200).build())
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("max_example_tokens");
    }

    @Test
    void trainableModel_pricesWithoutDate_fail() {
        assertThatThrownBy(() -> TrainableModel.builder("m").contextTokens(100)
            .price(TrainingMethod.SUPERVISED, BigDecimal.ONE).build())
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("price_date");
    }

    @Test
    void parameterRange_check_namesParameterAndRange() {
        ParameterRange beta = ParameterRange.above(ParameterRange.BETA, 0, 2);
        beta.check(0.1);
        assertThatThrownBy(() -> beta.check(0)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("beta").hasMessageContaining("above 0 and at most 2");
        assertThatThrownBy(() -> ParameterRange.of(ParameterRange.EPOCHS, 1, 50).check(51))
            .hasMessageContaining("n_epochs: must be 1-50, was 51");
    }

    @Test
    void tokenizerSpec_parse_readsEachKindAndRefusesOthers() {
        assertThat(TokenizerSpec.parse("tiktoken:o200k_base")).isEqualTo(TokenizerSpec.tiktoken("o200k_base"));
        assertThat(TokenizerSpec.parse("hf:/models/tokenizer.json").kind()).isEqualTo(TokenizerSpec.Kind.HUGGING_FACE);
        assertThat(TokenizerSpec.parse("estimate")).isEqualTo(TokenizerSpec.estimate());
        assertThatThrownBy(() -> TokenizerSpec.parse("bpe")).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("'bpe'");
    }

    @Test
    void trainingMethod_of_readsProviderSpellings() {
        assertThat(TrainingMethod.of("DPO")).isEqualTo(TrainingMethod.PREFERENCE);
        assertThat(TrainingMethod.of("sft")).isEqualTo(TrainingMethod.SUPERVISED);
        assertThat(TrainingMethod.of("reinforcement").id()).isEqualTo("reinforcement");
    }

    @Test
    void providerCatalog_byDefault_listsNoModel() {
        FineTuningBackendProvider provider = new FineTuningBackendProvider() {
            @Override
            public String name() {
                return "bare";
            }

            @Override
            public FineTuningBackend create(ProviderContext context) {
                throw new UnsupportedOperationException();
            }
        };
        ModelCatalog c = provider.catalog(SlabMlConfig.of(Map.of()));
        assertThat(c.provider()).isEqualTo("bare");
        assertThat(c.models()).isEmpty();
        assertThat(c.limits()).isEqualTo(DatasetLimits.NONE);
    }
}
