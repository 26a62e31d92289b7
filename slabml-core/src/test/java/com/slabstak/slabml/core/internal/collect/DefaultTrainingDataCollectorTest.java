/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.DatasetStats;
import com.slabstak.slabml.Diversity;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.Readiness;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.Tone;
import com.slabstak.slabml.UserCorrection;
import com.slabstak.slabml.core.internal.tasks.CardIdentificationTask;
import com.slabstak.slabml.core.internal.tasks.ListingGenerationTask;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.spi.SampleStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DefaultTrainingDataCollectorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private SampleStore store;
    private DefaultTrainingDataCollector collector;

    @BeforeEach
    void setUp() {
        store = MemoryStores.create().samples();
        collector = new DefaultTrainingDataCollector(store,
            Map.of(TaskName.CARD_IDENTIFICATION, new CardIdentificationTask(),
                TaskName.LISTING_GENERATION, new ListingGenerationTask()),
            Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static CardData card(String player) {
        return CardData.builder().player(player).year("2020").brand("Panini Prizm").grade("10").build();
    }

    private List<Sample> stored(TaskName task) {
        try (Stream<Sample> s = store.read(task)) {
            return s.collect(Collectors.toList());
        }
    }

    @Test
    void collect_validScan_assignsIdAndTimeAndStoresStructuredData() {
        // when
        Sample s = collector.collectCardIdentification("2020 PRIZM JUSTIN HERBERT PSA 10", card("Justin Herbert"), 0.9);

        // then
        assertThat(s.id()).isPresent();
        assertThat(s.createdAt()).contains(NOW);
        assertThat(stored(TaskName.CARD_IDENTIFICATION)).containsExactly(s);
        assertThat(s.input()).containsEntry("ocr_text", "2020 PRIZM JUSTIN HERBERT PSA 10");
        assertThat(s.output()).containsEntry("player", "Justin Herbert");
    }

    @Test
    void collect_sampleWithIdAndTime_keepsThem() {
        // given
        Instant earlier = Instant.parse("2025-12-24T08:00:00Z");
        Sample sample = Sample.builder().id("s-1").createdAt(earlier).task(TaskName.CARD_IDENTIFICATION)
            .source(SampleSource.MANUAL).putInput("ocr_text", "x").output(card("A").toMap()).build();

        // when
        Sample s = collector.collect(sample);

        // then
        assertThat(s.id()).contains("s-1");
        assertThat(s.createdAt()).contains(earlier);
    }

    @Test
    void collect_twoSamples_getDistinctIds() {
        Sample a = collector.collectCardIdentification("one", card("A"));
        Sample b = collector.collectCardIdentification("two", card("B"));
        assertThat(a.id()).isNotEqualTo(b.id());
    }

    @Test
    void collect_emptyOcrText_throwsAndStoresNothing() {
        assertThatThrownBy(() -> collector.collectCardIdentification(" ", card("A")))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("ocr_text"));
        assertThat(stored(TaskName.CARD_IDENTIFICATION)).isEmpty();
    }

    @Test
    void addManualSample_unknownOutputField_throwsNamingItAndStoresNothing() {
        assertThatThrownBy(() -> collector.addManualSample(TaskName.CARD_IDENTIFICATION, Map.of("ocr_text", "x"),
                Map.of("player", "A", "year", "2020", "brand", "B", "price", "20")))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("price"));
        assertThat(stored(TaskName.CARD_IDENTIFICATION)).isEmpty();
    }

    @Test
    void addManualSample_unknownTask_throwsNamingTask() {
        assertThatThrownBy(() -> collector.addManualSample(TaskName.of("price_guess"), Map.of("a", 1), Map.of("b", 2)))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("task"))
            .hasMessageContaining("price_guess");
    }

    @Test
    void collectUserCorrection_changedGrade_storesCorrectionWithChangedFields() {
        // given
        UserCorrection correction = UserCorrection.builder().ocrText("2020 PRIZM HERBERT PSA 9")
            .original(card("Justin Herbert")).corrected(card("Justin Herbert").toBuilder().grade("9").build())
            .userId("user-7").build();

        // when
        Sample s = collector.collectUserCorrection(correction);

        // then
        assertThat(s.source()).isEqualTo(SampleSource.CORRECTION);
        assertThat(s.correctedFields()).containsExactly("grade");
        assertThat(s.userId()).contains("user-7");
        assertThat(s.original()).containsEntry("grade", "10");
        assertThat(s.output()).containsEntry("grade", "9");
    }

    @Test
    void stats_mixedSamples_countsPerTaskAndSourceAndAveragesConfidence() {
        // given
        collector.collectCardIdentification("a", card("A"), 1.0);
        collector.collectCardIdentification("b", card("B"), 0.5);
        collector.addManualSample(TaskName.CARD_IDENTIFICATION, Map.of("ocr_text", "c"), card("C").toMap());
        collector.collectListing(ListingRequest.builder().card(card("A")).platform(Platform.EBAY).tone(Tone.CASUAL).build(),
            Listing.of("2020 Prizm A PSA 10", "Nice"), 0.75);

        // when
        DatasetStats stats = collector.stats();

        // then
        assertThat(stats.totalSamples()).isEqualTo(4);
        assertThat(stats.samplesPerTask()).containsEntry(TaskName.CARD_IDENTIFICATION, 3L)
            .containsEntry(TaskName.LISTING_GENERATION, 1L);
        assertThat(stats.samplesPerSource()).containsEntry(SampleSource.VALIDATED, 3L)
            .containsEntry(SampleSource.MANUAL, 1L);
        assertThat(stats.averageConfidence()).isEqualTo((1.0 + 0.5 + 1.0 + 0.75) / 4);
    }

    @Test
    void stats_readiness_cardNeedsFiftyListingsNeedThirtyPerPlatformAndTone() {
        // given
        for (int i = 0; i < 50; i++) {
            collector.collectCardIdentification("ocr " + i, card("Player " + i));
        }
        for (int i = 0; i < 30; i++) {
            collector.collectListing(ListingRequest.builder().card(card("P" + i)).platform(Platform.EBAY)
                .tone(Tone.PROFESSIONAL).build(), Listing.of("Title " + i, "Description " + i), 1.0);
        }
        collector.collectListing(ListingRequest.builder().card(card("Q")).platform(Platform.MERCARI)
            .tone(Tone.CASUAL).build(), Listing.of("Title", "Description"), 1.0);

        // when
        DatasetStats stats = collector.stats();

        // then
        assertThat(stats.readiness()).containsExactlyInAnyOrder(
            new Readiness(TaskName.CARD_IDENTIFICATION, "all", 50, 50),
            new Readiness(TaskName.LISTING_GENERATION, "ebay/professional", 30, 30),
            new Readiness(TaskName.LISTING_GENERATION, "mercari/casual", 1, 30));
        assertThat(stats.isReady(TaskName.CARD_IDENTIFICATION)).isTrue();
        assertThat(stats.isReady(TaskName.LISTING_GENERATION)).isFalse();
    }

    @Test
    void stats_nothingCollected_notReadyAndZeroAverage() {
        // when
        DatasetStats stats = collector.stats();

        // then
        assertThat(stats.totalSamples()).isZero();
        assertThat(stats.averageConfidence()).isZero();
        assertThat(stats.isReady(TaskName.CARD_IDENTIFICATION)).isFalse();
        assertThat(stats.readiness()).contains(new Readiness(TaskName.CARD_IDENTIFICATION, "all", 0, 50));
    }

    @Test
    void stats_repeatedAndContradictingScans_countsDuplicatesAndConflicts() {
        // given
        collector.collectCardIdentification("2020 PRIZM HERBERT", card("Justin Herbert"));
        collector.collectCardIdentification("2020 PRIZM HERBERT", card("Justin Herbert"));
        collector.collectCardIdentification("2019 BOWMAN ALONSO", card("Pete Alonso"));
        collector.collectCardIdentification("2019 BOWMAN ALONSO", card("Yordan Alvarez"));

        // when
        DatasetStats stats = collector.stats();

        // then
        assertThat(stats.duplicates()).isPositive();
        assertThat(stats.conflicts()).isPositive();
    }

    private static CardData card(String player, String sport, String year, String brand, String grader) {
        return CardData.builder().player(player).sport(sport).year(year).brand(brand).grade("9")
            .gradingCompany(grader).build();
    }

    @Test
    void stats_cardsAndListings_diversityCountsEveryDimensionOverTasks() {
        // given
        collector.collectCardIdentification("jordan", card("Michael Jordan", "Basketball", "1986-87", "Fleer", "PSA"));
        collector.collectCardIdentification("trout", card("Mike Trout", "baseball", "2011", "Topps Update", "BGS"));
        collector.collectCardIdentification("griffey", card("Ken Griffey Jr.", "Baseball", "1989", "Upper Deck", "PSA"));
        collector.collectListing(ListingRequest.builder().card(card("Tom Brady", "Football", "2000", "Bowman", "SGC"))
            .platform(Platform.EBAY).tone(Tone.CASUAL).build(), Listing.of("2000 Bowman Tom Brady SGC 9", "Rookie"), 1.0);

        // when
        Diversity diversity = collector.stats().diversity();

        // then
        assertThat(diversity.counts()).containsOnlyKeys(Diversity.DIMENSIONS);
        assertThat(diversity.counts(Diversity.SPORT))
            .containsExactlyInAnyOrderEntriesOf(Map.of("basketball", 1L, "baseball", 2L, "football", 1L));
        assertThat(diversity.counts(Diversity.YEAR))
            .containsExactlyInAnyOrderEntriesOf(Map.of("1986", 1L, "2011", 1L, "1989", 1L, "2000", 1L));
        assertThat(diversity.counts(Diversity.BRAND)).containsEntry("topps update", 1L).hasSize(4);
        assertThat(diversity.counts(Diversity.GRADING_COMPANY))
            .containsExactlyInAnyOrderEntriesOf(Map.of("psa", 2L, "bgs", 1L, "sgc", 1L));
        assertThat(diversity.counts(Diversity.PLATFORM)).containsExactlyEntriesOf(Map.of("ebay", 1L));
        assertThat(diversity.counts(Diversity.TONE)).containsExactlyEntriesOf(Map.of("casual", 1L));
        assertThat(diversity.minYear()).hasValue(1986);
        assertThat(diversity.maxYear()).hasValue(2011);
        assertThat(diversity.yearRange()).contains("1986-2011");
        assertThat(diversity.warnings()).isEmpty();
    }

    @Test
    void stats_onlyOneSportYearAndBrand_warnsNamingTaskAndDimension() {
        // given
        collector.collectCardIdentification("a", card("A", "Football", "2020", "Panini Prizm", "PSA"));
        collector.collectCardIdentification("b", card("B", "Football", "2020", "Panini Prizm", "BGS"));

        // when
        Diversity diversity = collector.stats().diversity();

        // then
        assertThat(diversity.yearRange()).contains("2020-2020");
        assertThat(diversity.warnings()).hasSize(3)
            .allSatisfy(w -> assertThat(w).startsWith("card_identification: every sample with a "))
            .anySatisfy(w -> assertThat(w).contains("same sport (football)"))
            .anySatisfy(w -> assertThat(w).contains("same year (2020)"))
            .anySatisfy(w -> assertThat(w).contains("same brand (panini prizm)"));
    }

    @Test
    void stats_nothingCollected_emptyDiversity() {
        Diversity diversity = collector.stats().diversity();

        assertThat(diversity).isEqualTo(Diversity.empty());
        assertThat(diversity.counts()).containsOnlyKeys(Diversity.DIMENSIONS).allSatisfy((k, v) -> assertThat(v).isEmpty());
        assertThat(diversity.yearRange()).isEmpty();
        assertThat(diversity.minYear()).isEmpty();
    }

    @Test
    void diversityOf_badYearOrNegativeCount_throwsNamingDimension() {
        assertThatThrownBy(() -> Diversity.of(Map.of(Diversity.YEAR, Map.of("86", 1L)), List.of()))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("diversity.year"));
        assertThatThrownBy(() -> Diversity.of(Map.of(Diversity.SPORT, Map.of("golf", -1L)), List.of()))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("diversity.sport"));
    }

    @Test
    void datasetStats_toBuilder_keepsDiversity() {
        Diversity d = Diversity.of(Map.of(Diversity.SPORT, Map.of("golf", 2L)), List.of("w"));

        DatasetStats stats = DatasetStats.builder().diversity(d).build();

        assertThat(stats.toBuilder().build()).isEqualTo(stats);
        assertThat(stats.toBuilder().build().diversity()).isEqualTo(d);
        assertThat(DatasetStats.builder().build().diversity()).isEqualTo(Diversity.empty());
    }

    @Test
    void collectAsync_validScan_completesWithTheSampleAsStoredOnceTheStoreAcknowledges() throws Exception {
        // given: a store that acknowledges only when told to
        CompletableFuture<Void> storeAck = new CompletableFuture<>();
        List<Sample> handed = new ArrayList<>();
        SampleStore slow = new SampleStore() {
            @Override
            public void append(Sample sample) {
                throw new AssertionError("collectAsync must not wait for append");
            }

            @Override
            public CompletableFuture<Void> appendAsync(Sample sample) {
                handed.add(sample);
                return storeAck;
            }

            @Override
            public Stream<Sample> read(TaskName task) {
                return handed.stream();
            }
        };
        DefaultTrainingDataCollector c = new DefaultTrainingDataCollector(slow,
            Map.of(TaskName.CARD_IDENTIFICATION, new CardIdentificationTask()), Clock.fixed(NOW, ZoneOffset.UTC));
        Sample sample = Sample.builder().task(TaskName.CARD_IDENTIFICATION).source(SampleSource.VALIDATED)
            .putInput("ocr_text", "2020 PRIZM JUSTIN HERBERT PSA 10").output(card("Justin Herbert").toMap()).build();

        // when
        CompletableFuture<Sample> collected = c.collectAsync(sample);

        // then
        assertThat(handed).hasSize(1);
        assertThat(handed.get(0).id()).isPresent();
        assertThat(handed.get(0).createdAt()).contains(NOW);
        assertThat(collected).isNotDone();
        storeAck.complete(null);
        assertThat(collected).isCompletedWithValue(handed.get(0));
    }

    @Test
    void collectAsync_defaultStore_completesAndStores() {
        Sample sample = Sample.builder().task(TaskName.CARD_IDENTIFICATION).source(SampleSource.VALIDATED)
            .putInput("ocr_text", "one").output(card("A").toMap()).build();

        Sample s = collector.collectAsync(sample).join();

        assertThat(stored(TaskName.CARD_IDENTIFICATION)).containsExactly(s);
    }

    @Test
    void collectAsync_invalidSample_throwsAtOnceAndStoresNothing() {
        Sample sample = Sample.builder().task(TaskName.CARD_IDENTIFICATION).source(SampleSource.VALIDATED)
            .putInput("ocr_text", " ").output(card("A").toMap()).build();

        assertThatThrownBy(() -> collector.collectAsync(sample))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("ocr_text"));
        assertThat(stored(TaskName.CARD_IDENTIFICATION)).isEmpty();
    }
}
