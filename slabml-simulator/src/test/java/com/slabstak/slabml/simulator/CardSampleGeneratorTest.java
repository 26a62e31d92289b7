/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.Tone;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CardSampleGeneratorTest {

    @Test
    void cards_sameSeed_sameSamples() {
        assertThat(CardSampleGenerator.create(3).cards(50)).isEqualTo(CardSampleGenerator.create(3).cards(50));
        assertThat(CardSampleGenerator.create(3).cards(20)).isNotEqualTo(CardSampleGenerator.create(4).cards(20));
    }

    @Test
    void cards_many_coverSportsSeasonsBrandsGradersAndOcrNoise() {
        // when
        List<CardSampleGenerator.CardSample> cards = CardSampleGenerator.create(1).cards(400);
        // then
        Set<String> graders = cards.stream().map(c -> c.card().gradingCompany().orElseThrow()).collect(Collectors.toSet());
        Set<String> brands = cards.stream().map(c -> c.card().brand()).collect(Collectors.toSet());
        assertThat(graders).containsExactlyInAnyOrder("PSA", "BGS", "SGC", "CGC");
        assertThat(brands).contains("Topps", "Fleer", "Upper Deck", "Panini Prizm", "Bowman Chrome", "Donruss");
        assertThat(cards).anySatisfy(c -> assertThat(c.card().year()).matches("\\d{4}-\\d{2}"));
        assertThat(cards).anySatisfy(c -> assertThat(c.card().rookie()).hasValue(true));
        assertThat(cards).anySatisfy(c -> assertThat(c.card().autograph()).hasValue(true));
        assertThat(cards).anySatisfy(c -> assertThat(c.card().serialNumber()).isPresent());
        assertThat(cards).anySatisfy(c -> assertThat(c.ocrText()).contains("FLR"));
        assertThat(cards).anySatisfy(c -> assertThat(c.ocrText()).contains("GEM MT"));
        assertThat(cards).anySatisfy(c -> assertThat(c.ocrText()).contains("\n"));
        assertThat(cards).anySatisfy(c -> assertThat(c.ocrText()).matches("(?s).*[A-Z]0[A-Z].*"));
        assertThat(cards).anySatisfy(c -> assertThat(c.ocrText()).isEqualTo(c.ocrText().toLowerCase()));
        assertThat(cards).allSatisfy(c -> {
            assertThat(c.card().cardNumber()).hasValueSatisfying(n -> assertThat(n).doesNotStartWith("#"));
            assertThat(c.input()).containsOnlyKeys("ocr_text");
            assertThat(CardData.fromMap(c.output())).isEqualTo(c.card());
        });
    }

    @Test
    void corrections_each_changesTheFieldsTheBaseModelGotWrong() {
        for (CardSampleGenerator.CorrectionSample c : CardSampleGenerator.create(2).corrections(30)) {
            assertThat(c.changedFields()).isNotEmpty();
            assertThat(c.original()).isNotEqualTo(c.corrected());
            for (String f : c.changedFields()) {
                assertThat(c.original().get(f)).isNotEqualTo(c.corrected().get(f));
            }
            assertThat(c.userId()).startsWith("user-");
        }
    }

    @Test
    void listings_ebay_titlesWithinLimitAndNamePlayer() {
        for (CardSampleGenerator.ListingSample s : CardSampleGenerator.create(5).listings(60)) {
            s.request().platform().titleLimit().ifPresent(l -> assertThat(s.listing().title()).hasSizeLessThanOrEqualTo(l));
            assertThat(s.listing().title()).contains(s.request().card().player());
            assertThat(s.listing().description()).hasSizeGreaterThan(80);
        }
        CardSampleGenerator.ListingSample one = CardSampleGenerator.create(5).listing(Platform.EBAY, Tone.CASUAL);
        assertThat(one.request().tone()).isEqualTo(Tone.CASUAL);
    }

    @Test
    void cards_negativeCount_isRefused() {
        assertThatThrownBy(() -> CardSampleGenerator.create(1).cards(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
