/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.TokenizerSpec;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.TrainingMethod;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact counts with a tokenizer.json on disk; labelled estimates without one. Nothing is downloaded. */
class HuggingFaceTokenCountTest {
    /** A word-level tokenizer: lower-cases, splits on whitespace and punctuation, unknown words are [UNK]. */
    static final String TOKENIZER_JSON = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
        + "\"added_tokens\":[{\"id\":0,\"content\":\"[UNK]\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
        + "\"normalized\":false,\"special\":true}],\"normalizer\":{\"type\":\"Lowercase\"},"
        + "\"pre_tokenizer\":{\"type\":\"Whitespace\"},\"post_processor\":null,\"decoder\":null,"
        + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"[UNK]\":0,\"michael\":1,\"jordan\":2,\"fleer\":3,\"psa\":4},"
        + "\"unk_token\":\"[UNK]\"}}";

    @TempDir
    Path dir;

    private Path tokenizer() throws IOException {
        return Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER_JSON);
    }

    @Test
    void forSpec_tokenizerJsonOnDisk_countsExactlyWithIt() throws IOException {
        try (TokenCounter c = TokenCounter.forSpec(TokenizerSpec.huggingFace(tokenizer().toString()))) {
            assertThat(c.exact()).isTrue();
            assertThat(c.encode("Michael Jordan 1986 Fleer, PSA")).containsExactly(1, 2, 0, 3, 0, 4);
            assertThat(c.countText("Michael Jordan 1986 Fleer, PSA")).isEqualTo(6);
            assertThat(c.countText("x".repeat(2_000) + " jordan")).isEqualTo(2);
        }
    }

    @Test
    void forSpec_directoryHoldingTheTokenizer_findsIt() throws IOException {
        tokenizer();
        try (TokenCounter c = TokenCounter.forSpec(TokenizerSpec.huggingFace(dir.toString()))) {
            assertThat(c.exact()).isTrue();
        }
    }

    @Test
    void forSpec_repositoryIdWithoutAFile_estimatesAndSaysWhy() {
        try (TokenCounter c = TokenCounter.forSpec(TokenizerSpec.huggingFace("meta-llama/Meta-Llama-3.1-8B-Instruct"))) {
            assertThat(c.exact()).isFalse();
            assertThat(c.estimateReason()).hasValueSatisfying(r -> assertThat(r).contains("no tokenizer.json on disk"));
            assertThat(c.countText("12345678")).isEqualTo(2);
            assertThat(c.countText("123456789")).isEqualTo(3);
        }
    }

    @Test
    void forSpec_fileThatIsNoTokenizer_failsNamingIt() throws IOException {
        Path bad = Files.writeString(dir.resolve("tokenizer.json"), "{\"not\":\"a tokenizer\"}");

        assertThatThrownBy(() -> TokenCounter.forSpec(TokenizerSpec.huggingFace(bad.toString())))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining(bad.toString());
    }

    @Test
    void estimate_modelWithTokenizerFile_isExactAndWithoutOne_isLabelledEstimated() throws IOException {
        String line = "{\"messages\":[{\"role\":\"user\",\"content\":\"Michael Jordan Fleer PSA\"},"
            + "{\"role\":\"assistant\",\"content\":\"Michael Jordan\"}]}";
        Path file = Files.write(dir.resolve("train.jsonl"), Collections.nCopies(10, line));
        TrainableModel exact = model("org/exact", TokenizerSpec.huggingFace(tokenizer().toString()));
        TrainableModel guessed = model("org/guessed", TokenizerSpec.estimate());
        ModelCatalog catalog = ModelCatalog.builder("acme").add(exact).add(guessed).build();

        CostEstimate e = new CostEstimator(catalog).estimate(file, "org/exact", 1);
        CostEstimate g = new CostEstimator(catalog).estimate(file, "org/guessed", 1);

        // per example: 3 + (3 + 1 role + 4 words) + (3 + 1 role + 2 words) = 17
        assertThat(e.tokensExact()).isTrue();
        assertThat(e.trainingTokens()).isEqualTo(170);
        assertThat(g.tokensExact()).isFalse();
        assertThat(g.toString()).contains("tokens=estimated");
        // per example: 3 + (3 + 1 + 6) + (3 + 3 + 4) = 23 with one token per 4 characters
        assertThat(g.trainingTokens()).isEqualTo(230);
        assertThat(new DatasetValidator(catalog).validate(file, "org/guessed").isValid()).isTrue();
    }

    private static TrainableModel model(String id, TokenizerSpec tokenizer) {
        return TrainableModel.builder(id).contextTokens(4_096).tokenizer(tokenizer)
            .price(TrainingMethod.SUPERVISED, BigDecimal.ONE).priceDate(TestCatalog.PRICE_DATE).build();
    }

}
