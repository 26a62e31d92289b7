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
    @Test
    void countText_variedText_neverExceedsItsUtf8Bytes() {
        // byte-level BPE: every token spans at least one byte, which the validator's byte bound relies on
        java.util.Random random = new java.util.Random(7);
        List<String> texts = new java.util.ArrayList<>(List.of("", " ", "    \n\n\t", "1234567890123", "ÄÖÜ ßé",
            "日本語のテキスト", "emoji \uD83D\uDE00\uD83C\uDDE9\uD83C\uDDEA", "{\"player\":\"Ken Griffey Jr.\",\"year\":1989}",
            "<|endoftext|><|im_start|>"));
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(60);
            for (int j = 0; j < n; j++) {
                int kind = random.nextInt(4);
                sb.appendCodePoint(kind == 0 ? 0x20 + random.nextInt(95) : kind == 1 ? 0xA0 + random.nextInt(0x700)
                    : kind == 2 ? 0x3040 + random.nextInt(0x6000) : 0x1F300 + random.nextInt(0x300));
            }
            texts.add(sb.toString());
        }
        for (String text : texts) {
            long bytes = TokenCounter.utf8Length(text);
            assertThat(o200k.countText(text)).as(text).isLessThanOrEqualTo((int) bytes);
            assertThat(cl100k.countText(text)).as(text).isLessThanOrEqualTo((int) bytes);
            assertThat(bytes).as(text).isGreaterThanOrEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void byteBound_chatExamples_isAtLeastTheExactCount() {
        // given examples with names, content parts and a tool call
        List<Map<String, Object>> messages = List.of(
            Map.of("role", "system", "content", "Identify the card. Ответ на русском."),
            Map.of("role", "user", "name", "scanner_7", "content", List.of(Map.of("type", "text", "text", "1989 UD #1"))),
            Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "c1", "type", "function",
                "function", Map.of("name", "lookup", "arguments", "{\"q\":\"griffey\"}")))),
            Map.of("role", "assistant", "content", "{\"player\":\"Ken Griffey Jr.\"}", "weight", 1));

        // then
        long bound = TokenCounter.byteBound(messages);
        assertThat(o200k.boundedByBytes()).isTrue();
        assertThat(bound).isGreaterThanOrEqualTo(o200k.countExample(messages))
            .isGreaterThanOrEqualTo(cl100k.countExample(messages));
        assertThat(TokenCounter.estimate("offline").countExample(messages)).isLessThanOrEqualTo((int) bound);
    }
}
