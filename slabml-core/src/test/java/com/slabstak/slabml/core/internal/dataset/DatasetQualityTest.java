/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static com.slabstak.slabml.core.internal.dataset.Fixtures.card;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.cardSample;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.distinctCard;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.listingSample;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.ocrOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Diversity;
import com.slabstak.slabml.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetQualityTest {
    private final TestTasks.Cards cards = new TestTasks.Cards();

    @Test
    void analyze_diverseCards_countsEachDimensionWithoutWarnings() {
        // given 40 distinct cards over four sports, five brands, three grading companies and 40 years
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            samples.add(cardSample(ocrOf(distinctCard(i)), distinctCard(i)).build());
        }

        // when
        QualitySummary q = DatasetQuality.analyze(samples.stream(), cards);

        // then
        Diversity d = q.diversity();
        assertThat(q.samples()).isEqualTo(40);
        assertThat(q.duplicates()).isZero();
        assertThat(q.conflicts()).isZero();
        assertThat(d.counts(Diversity.SPORT)).containsOnly(Map.entry("basketball", 10L), Map.entry("football", 10L),
            Map.entry("baseball", 10L), Map.entry("hockey", 10L));
        assertThat(d.counts(Diversity.BRAND)).containsEntry("fleer", 8L).hasSize(5);
        assertThat(d.counts(Diversity.GRADING_COMPANY)).containsOnlyKeys("psa", "bgs", "sgc");
        assertThat(d.yearRange()).contains("1980-2019");
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void analyze_oneSportYearAndBrand_warnsForEach() {
        // given different Jordan cards, all 1986 Fleer basketball
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> c = card("Michael Jordan", "1986-87", "Fleer", String.valueOf(57 + i), "9",
                "PSA", "basketball");
            samples.add(cardSample(ocrOf(c), c).build());
        }

        // when
        Diversity d = DatasetQuality.analyze(samples.stream(), cards).diversity();

        // then
        assertThat(d.warnings()).hasSize(3);
        assertThat(d.warnings()).anySatisfy(w -> assertThat(w).contains("same sport (basketball)"))
            .anySatisfy(w -> assertThat(w).contains("same year (1986)"))
            .anySatisfy(w -> assertThat(w).contains("same brand (fleer)"));
        assertThat(d.warnings().get(0)).startsWith("every sample with a sport has the same sport");
    }

    @Test
    void analyze_listings_countsPlatformsAndTonesFromTheInput() {
        List<Sample> samples = List.of(
            listingSample(distinctCard(1), "ebay", "professional", "A").build(),
            listingSample(distinctCard(2), "ebay", "casual", "B").build(),
            listingSample(distinctCard(3), "mercari", "casual", "C").build());

        Diversity d = DatasetQuality.analyze(samples.stream(), new TestTasks.Listings()).diversity();

        assertThat(d.counts(Diversity.PLATFORM)).containsOnly(Map.entry("ebay", 2L), Map.entry("mercari", 1L));
        assertThat(d.counts(Diversity.TONE)).containsOnly(Map.entry("professional", 1L), Map.entry("casual", 2L));
        assertThat(d.counts(Diversity.SPORT)).hasSize(3);
    }

    @Test
    void analyze_nearDuplicateScans_countsThemAsDuplicates() {
        Map<String, Object> griffey = card("Ken Griffey Jr.", "1989", "Upper Deck", "1", "10", "PSA", "baseball");
        List<Sample> samples = List.of(
            cardSample("KEN GRIFFEY JR 1989 UPPER DECK #1 PSA 10", griffey).build(),
            cardSample("KEN GRIFFEY JR. 1989 UPPER DECK 1 PSA 10", griffey).build(),
            cardSample("KEN GRIFFFY JR 1989 UPPER DEGK #1 PSA 10", griffey).build(),
            cardSample("SLAB BACK: POPULATION REPORT QR CODE", griffey).build());

        QualitySummary q = DatasetQuality.analyze(samples.stream(), cards);

        assertThat(q.duplicates()).isEqualTo(2);
        assertThat(q.conflicts()).isZero();
    }
}
