/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.TokenDistribution;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.TrainingMethod;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostEstimatorTest {
    static final String MINI = "gpt-4o-mini-2024-07-18";

    @TempDir
    Path dir;

    private final CostEstimator estimator = new CostEstimator(TestCatalog.create());

    /**
     * One example of exactly {@code tokens} tokens in o200k_base and cl100k_base: 3 per example, 3 per
     * message (x3), 1 per role word (x3), "hello world" twice (2 + 2), and an answer of
     * {@code tokens - 19} words "the" (one token each: " the" is a single token).
     */
    static String exampleOf(int tokens) {
        int words = tokens - 19;
        String answer = "the" + " the".repeat(words - 1);
        return "{\"messages\":[{\"role\":\"system\",\"content\":\"hello world\"},"
            + "{\"role\":\"user\",\"content\":\"hello world\"},"
            + "{\"role\":\"assistant\",\"content\":\"" + answer + "\"}]}";
    }

    private Path file(int... tokensPerExample) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int t : tokensPerExample) {
            lines.add(exampleOf(t));
        }
        Path f = Files.createTempFile(dir, "train", ".jsonl");
        Files.write(f, lines, StandardCharsets.UTF_8);
        return f;
    }

    private static int[] repeat(int times, int tokens) {
        int[] a = new int[times];
        java.util.Arrays.fill(a, tokens);
        return a;
    }

    @Test
    void estimate_seedExample_fiftySamplesOf500TokensCost23Cents() throws IOException {
        // given the seed README's row: 50 samples, ~75K billed tokens at 3 epochs, $0.23 on gpt-4o-mini
        Path f = file(repeat(50, 500));

        // when
        CostEstimate e = estimator.estimate(f, MINI, null);

        // then
        assertThat(e.examples()).isEqualTo(50);
        assertThat(e.trainingTokens()).isEqualTo(25_000);
        assertThat(e.epochs()).isEqualTo(3);
        assertThat(e.billedTokens()).isEqualTo(75_000);
        assertThat(e.pricePerMillionTokens()).isEqualByComparingTo("3.00");
        assertThat(e.cost()).isEqualByComparingTo("0.225");
        assertThat(e.cost().setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo("0.23");
        assertThat(e.priceDate()).isEqualTo(TestCatalog.PRICE_DATE);
        assertThat(e.distribution()).isEqualTo(new TokenDistribution(500, 500, 500, 500));
    }

    @Test
    void estimate_100kTokensThreeEpochsOnMini_costs90Cents() throws IOException {
        Path f = file(repeat(200, 500));

        CostEstimate e = estimator.estimate(f, MINI, null);

        assertThat(e.trainingTokens()).isEqualTo(100_000);
        assertThat(e.epochs()).isEqualTo(3);
        assertThat(e.cost()).isEqualByComparingTo("0.90");
    }

    @Test
    void estimate_explicitEpochs_multiplyTheBilledTokens() throws IOException {
        Path f = file(repeat(50, 500));

        CostEstimate e = estimator.estimate(f, "gpt-4.1-2025-04-14", 2);

        assertThat(e.billedTokens()).isEqualTo(50_000);
        assertThat(e.cost()).isEqualByComparingTo("1.25");
    }

    @ParameterizedTest
    @CsvSource({"1,25", "3,25", "10,10", "20,5", "33,3", "34,3", "8333,3", "8334,2", "12500,2", "30000,1"})
    void estimate_autoEpochs_areTheCataloguesRule(int examples, int epochs) throws IOException {
        Path f = file(repeat(examples, 30));

        CostEstimate e = estimator.estimate(f, TestCatalog.MINI, null);

        assertThat(e.epochs()).isEqualTo(epochs);
    }

    @Test
    void estimate_autoEpochsOfACatalogueWithoutARule_isOneEpoch() throws IOException {
        CostEstimate e = new CostEstimator(TestCatalog.builder().autoEpochs(n -> 1).build())
            .estimate(file(repeat(20, 30)), TestCatalog.MINI, null);

        assertThat(e.epochs()).isEqualTo(1);
        assertThat(com.slabstak.slabml.spi.ModelCatalog.builder("plain").build().autoEpochs(20)).isEqualTo(1);
    }

    @Test
    void estimate_examplesOverTheLimit_areBilledOnlyUpToIt() throws IOException {
        // given a table in which gpt-4o-mini takes 400 tokens per example, at a new price and date
        var table = TestCatalog.builder()
            .add(TestCatalog.model(MINI, "o200k_base", 400, "4.00").toBuilder()
                .price(TrainingMethod.SUPERVISED, new BigDecimal("4.00")).priceDate(LocalDate.of(2027, 1, 15)).build())
            .build();
        Path f = file(repeat(50, 500));

        // when
        CostEstimate e = new CostEstimator(table).estimate(f, MINI, 1);

        // then
        assertThat(e.trainingTokens()).isEqualTo(25_000);
        assertThat(e.billedTokensPerEpoch()).isEqualTo(20_000);
        assertThat(e.examplesOverLimit()).isEqualTo(50);
        assertThat(e.cost()).isEqualByComparingTo("0.08");
        assertThat(e.priceDate()).isEqualTo(LocalDate.of(2027, 1, 15));
    }

    @Test
    void estimate_mixedLengths_reportsMinMedianP90Max() throws IOException {
        Path f = file(100, 1000, 300, 200, 400);

        CostEstimate e = estimator.estimate(f, MINI, null);

        // p90 interpolates between 400 and 1000 at 0.6 as numpy does
        assertThat(e.distribution()).isEqualTo(new TokenDistribution(100, 300, 760, 1000));
    }

    @Test
    void estimate_cl100kModel_countsWithItsEncoding() throws IOException {
        Path f = file(repeat(10, 500));

        CostEstimate e = estimator.estimate(f, "gpt-3.5-turbo-0125", null);

        assertThat(e.trainingTokens()).isEqualTo(5_000);
        assertThat(e.epochs()).isEqualTo(10);
        assertThat(e.cost()).isEqualByComparingTo("0.40");
    }

    @Test
    void estimate_unknownModel_throwsListingKnownModels() throws IOException {
        Path f = file(repeat(10, 100));

        assertThatThrownBy(() -> estimator.estimate(f, "davinci-002", null))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(ex -> assertThat(((InvalidInputException) ex).field()).contains("model"))
            .hasMessageContaining("gpt-4o-mini-2024-07-18")
            .hasMessageContaining("gpt-3.5-turbo-0125");
    }

    @Test
    void estimate_epochsOutOfRange_throwsNamingEpochs() throws IOException {
        Path f = file(repeat(10, 100));

        assertThatThrownBy(() -> estimator.estimate(f, MINI, 0))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("epochs");
        assertThatThrownBy(() -> estimator.estimate(f, MINI, 51))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("epochs");
    }

    @Test
    void estimate_fileWithoutExamples_throws() throws IOException {
        Path f = dir.resolve("empty.jsonl");
        Files.writeString(f, "");

        assertThatThrownBy(() -> estimator.estimate(f, MINI, null))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("no countable");
    }
}
