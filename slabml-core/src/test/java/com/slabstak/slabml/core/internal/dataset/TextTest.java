/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void normalize_ocrDifferencesThatKeepMeaning_normaliseAlike() {
        assertThat(Text.normalize("MICHAEL JORDAN  1986-87 FLEER #57"))
            .isEqualTo(Text.normalize("michael jordan 1986 87 fleer 57"))
            .isEqualTo("michael jordan 1986 87 fleer 57");
    }

    @Test
    void canonical_decimalsAndCaseAndAbsentValues_compareEqual() {
        Map<String, Object> a = Map.of("grade", "9.50", "player", "Michael Jordan", "card_number", "#57");
        Map<String, Object> b = Map.of("player", "MICHAEL JORDAN", "grade", 9.5, "card_number", "57", "set", " ");

        assertThat(Text.canonical(a)).isEqualTo(Text.canonical(b));
        assertThat(Text.canonical(a)).isNotEqualTo(Text.canonical(Map.of("grade", "9", "player", "Michael Jordan")));
    }

    @Test
    void packedSimilarity_nearDuplicateScans_scoreHighAndUnrelatedLow() {
        long[] a = Text.packedMinHash(Text.normalize("KEN GRIFFEY JR 1989 UPPER DECK #1 PSA 10"));
        long[] same = Text.packedMinHash(Text.normalize("KEN GRIFFEY JR 1989 UPPER DECK #1 PSA 10"));
        long[] near = Text.packedMinHash(Text.normalize("KEN GRIFFEY JR. 1989 UPPER DECK 1 PSA 10"));
        long[] other = Text.packedMinHash(Text.normalize("SLAB BACK: POPULATION REPORT QR CODE"));

        assertThat(Text.packedSimilarity(a[0], a[1], same[0], same[1])).isEqualTo(1.0);
        assertThat(Text.packedSimilarity(a[0], a[1], near[0], near[1])).isGreaterThanOrEqualTo(0.6);
        assertThat(Text.packedSimilarity(a[0], a[1], other[0], other[1])).isLessThan(0.3);
    }

    @Test
    void hash64_sameText_isStableAndDifferentTextDiffers() {
        assertThat(Text.hash64("fleer 57")).isEqualTo(Text.hash64("fleer 57"))
            .isNotEqualTo(Text.hash64("fleer 58"));
    }
}
