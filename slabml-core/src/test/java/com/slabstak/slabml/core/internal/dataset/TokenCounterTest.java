/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenCounterTest {
    private final TokenCounter o200k = TokenCounter.forEncoding("o200k_base");
    private final TokenCounter cl100k = TokenCounter.forEncoding("cl100k_base");

    @Test
    void countText_helloWorld_isTwoTokensInBothEncodings() {
        assertThat(o200k.countText("hello world")).isEqualTo(2);
        assertThat(cl100k.countText("hello world")).isEqualTo(2);
    }

    @Test
    void encode_tiktokenIsGreat_matchesTiktokenIdsInCl100k() {
        // the tiktoken cookbook's example: cl100k_base encodes it as these six tokens
        assertThat(cl100k.encode("tiktoken is great!")).containsExactly(83, 1609, 5963, 374, 2294, 0);
    }

    @Test
    void countText_tiktokenIsGreat_isSixTokensInO200k() {
        assertThat(o200k.countText("tiktoken is great!")).isEqualTo(6);
    }

    @Test
    void countText_specialTokenText_isCountedAsOrdinaryText() {
        // given text that a model reads as a special token when it is not escaped
        String text = "scan <|endoftext|> done";

        // when / then: counting neither throws nor collapses the marker into one special token
        assertThat(o200k.countText(text)).isGreaterThan(3);
        assertThat(cl100k.countText("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void countExample_cookbookExample_matchesCookbookCounts() {
        // given the OpenAI cookbook's "How to count tokens with tiktoken" example conversation
        List<Map<String, String>> messages = List.of(
            Map.of("role", "system", "content",
                "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
            Map.of("role", "system", "name", "example_user", "content",
                "New synergies will help drive top-line growth."),
            Map.of("role", "system", "name", "example_assistant", "content",
                "Things working well together will increase revenue."),
            Map.of("role", "system", "name", "example_user", "content",
                "Let's circle back when we have more time to touch base on opportunities for increased leverage."),
            Map.of("role", "system", "name", "example_assistant", "content",
                "Let's talk later when we're less busy about how to do better."),
            Map.of("role", "user", "content",
                "This late pivot means we don't have time to boil the ocean for the client deliverable."));

        // when / then: the counts the cookbook prints for gpt-4-0613 (cl100k_base) and gpt-4o (o200k_base)
        assertThat(cl100k.countExample(messages)).isEqualTo(129);
        assertThat(o200k.countExample(messages)).isEqualTo(124);
    }

    @Test
    void countExample_overhead_isThreePerMessageOnePerNameAndThreePerExample() {
        // "hello world" = 2 tokens, "user" = 1 token, "bob" = 1 token
        List<Map<String, Object>> plain = List.of(Map.of("role", "user", "content", "hello world"));
        List<Map<String, Object>> named = List.of(Map.of("role", "user", "content", "hello world", "name", "bob"));
        List<Map<String, Object>> weighted = List.of(Map.of("role", "user", "content", "hello world", "weight", 0));

        assertThat(o200k.countExample(plain)).isEqualTo(3 + 1 + 2 + 3);
        assertThat(o200k.countExample(named)).isEqualTo(3 + 1 + 2 + 1 + 1 + 3);
        assertThat(o200k.countExample(weighted)).isEqualTo(3 + 1 + 2 + 3);
    }

    @Test
    void forEncoding_unknownEncoding_throwsNamingTheField() {
        assertThatThrownBy(() -> TokenCounter.forEncoding("x99k_base"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("encoding");
    }
}
