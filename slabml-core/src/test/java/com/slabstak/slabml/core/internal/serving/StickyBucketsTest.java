/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StickyBucketsTest {

    @Test
    void hash32_referenceVectors_matchMurmur3X86_32() {
        // given / when / then: published vectors of MurmurHash3_x86_32, covering every tail length
        assertThat(hash("", 0)).isEqualTo(0);
        assertThat(hash("", 1)).isEqualTo(0x514E28B7);
        assertThat(hash("", 0xffffffff)).isEqualTo(0x81F16F39);
        assertThat(hash("a", 0)).isEqualTo(0x3c2569b2);
        assertThat(hash("ab", 0)).isEqualTo(0x9bbfd75f);
        assertThat(hash("abc", 0)).isEqualTo(0xb3dd93fa);
        assertThat(hash("abcd", 0)).isEqualTo(0x43ed676a);
        assertThat(hash("Hello, world!", 1234)).isEqualTo(0xfaf6cdb3);
        assertThat(hash("The quick brown fox jumps over the lazy dog", 0)).isEqualTo(0x2e4ff723);
    }

    @Test
    void hash32_multiByteUtf8_hashesTheEncodedBytes() {
        // given
        byte[] utf8 = "Ω".getBytes(StandardCharsets.UTF_8);
        // when / then: two bytes, so the tail path of length 2 runs
        assertThat(utf8).hasSize(2);
        assertThat(Murmur3.hash32(utf8, 0)).isEqualTo(Murmur3.hash32(new byte[] {(byte) 0xCE, (byte) 0xA9}, 0));
    }

    @Test
    void bucket_unleashVectors_reproduced() {
        assertThat(StickyBuckets.bucket("123", "gr1")).isEqualTo(73);
        assertThat(StickyBuckets.bucket("999", "groupX")).isEqualTo(25);
    }

    @Test
    void bucket_variantSeed_reproducesUnleashVariantVectors() {
        assertThat(StickyBuckets.bucket("123", "gr1", StickyBuckets.VARIANT_SEED, 100)).isEqualTo(96);
        assertThat(StickyBuckets.bucket("999", "groupX", StickyBuckets.VARIANT_SEED, 100)).isEqualTo(60);
    }

    @Test
    void bucket_anySubject_isBetweenOneAndHundred() {
        for (int i = 0; i < 5000; i++) {
            assertThat(StickyBuckets.bucket("user-" + i, "card_identification")).isBetween(1, 100);
        }
    }

    @Test
    void bucket_nonPositiveNormalizer_isRejected() {
        assertThatThrownBy(() -> StickyBuckets.bucket("a", "b", 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int hash(String s, int seed) {
        return Murmur3.hash32(s.getBytes(StandardCharsets.UTF_8), seed);
    }
}
