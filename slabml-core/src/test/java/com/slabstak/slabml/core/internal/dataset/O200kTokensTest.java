/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compact o200k_base counter counts exactly as jtokkit (and so tiktoken) does. */
class O200kTokensTest {
    private static O200kTokens fast;
    private static Encoding jtokkit;

    @BeforeAll
    static void load() {
        fast = O200kTokens.load();
        jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    @Test
    void count_knownTexts_matchesJtokkit() {
        List<String> texts = List.of("", "hello world", "tiktoken is great!", "  leading and trailing  ",
            "line one\r\nline two\n\n\tindented", "I'm sure they'll say we've done it, don't you?", "HELLO'S WORLD",
            "1234567 + 89 = 1234656", "{\"player\":\"Ken Griffey Jr.\",\"year\":1989,\"card_number\":\"1\"}",
            "2019 Topps Chrome #17 Player 17 Rookie Card", "ÄÖÜ straße café naïve", "日本語のテキストと中文",
            "emoji \uD83D\uDE00 flags \uD83C\uDDE9\uD83C\uDDEA", "Привет, мир! Как дела?", "مرحبا بالعالم",
            "<|endoftext|> and <|im_start|>", "a/b/c\n/d", "      \n   ", "x".repeat(300), "ab".repeat(200),
            "The quick brown fox jumps over the lazy dog. ".repeat(20));
        for (String text : texts) {
            assertThat(count(text)).as(text).isEqualTo(jtokkit.countTokensOrdinary(text));
        }
    }

    @Test
    void count_randomText_matchesJtokkit() {
        // given mixtures of ASCII, punctuation, accented, CJK and emoji code points
        Random random = new Random(11);
        String ascii = " \n\t.,;:'\"!?-_/()[]{}<>|#$%&*+=0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(120);
            for (int j = 0; j < n; j++) {
                int kind = random.nextInt(10);
                if (kind < 6) {
                    sb.append(ascii.charAt(random.nextInt(ascii.length())));
                } else if (kind == 6) {
                    sb.appendCodePoint(0xC0 + random.nextInt(0x180));
                } else if (kind == 7) {
                    sb.appendCodePoint(0x4E00 + random.nextInt(0x2000));
                } else if (kind == 8) {
                    sb.appendCodePoint(0x0400 + random.nextInt(0x100));
                } else {
                    sb.appendCodePoint(0x1F300 + random.nextInt(0x200));
                }
            }
            String text = sb.toString();
            // then
            assertThat(count(text)).as(text).isEqualTo(jtokkit.countTokensOrdinary(text));
        }
    }

    @Test
    void count_pieceLongerThanTheLimit_isLeftToJtokkit() {
        assertThat(fast.count("z".repeat(O200kTokens.MAX_PIECE_BYTES + 1))).isEqualTo(-1);
        assertThat(TokenCounter.forEncoding("o200k_base").countText("q".repeat(5_000)))
            .isEqualTo(jtokkit.countTokensOrdinary("q".repeat(5_000)));
    }

    @Test
    void count_words_areSplitLikeTiktoken() {
        List<String> words = new ArrayList<>();
        for (String w : "the card is a 1986 Fleer Michael Jordan rookie graded PSA 10 by a collector".split(" ")) {
            words.add(w);
            words.add(" " + w);
        }
        for (String w : words) {
            assertThat(count(w)).as(w).isEqualTo(jtokkit.countTokensOrdinary(w));
        }
    }

    @Test
    void writeThenRead_countsAsTheRankFileDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // given the table written to a cache file
        java.nio.file.Path file = dir.resolve(O200kTokens.CACHE_FILE);
        fast.write(file);

        // when
        O200kTokens cached = O200kTokens.read(file);

        // then
        for (String text : List.of("hello world", "2019 Topps Chrome #17 Player 17", "日本語 ÄÖÜ \uD83D\uDE00", "ab".repeat(100))) {
            assertThat(cached.count(text)).as(text).isEqualTo(fast.count(text));
        }
    }

    @Test
    void read_truncatedFile_isRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve(O200kTokens.CACHE_FILE);
        fast.write(file);
        byte[] all = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.write(file, java.util.Arrays.copyOf(all, all.length - 10));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> O200kTokens.read(file))
            .isInstanceOf(java.io.IOException.class).hasMessageContaining("not a whole token table");
    }

    private static int count(String text) {
        int n = fast.count(text);
        return n >= 0 ? n : jtokkit.countTokensOrdinary(text);
    }
}
