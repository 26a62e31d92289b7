/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.Tone;
import com.slabstak.slabml.spi.Task;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hooks through which the generic core asks a task, with their defaults and the built-in tasks' answers. */
class TaskHooksTest {
    private static final CardData CARD = CardData.builder().player("Michael Jordan").year("1986-87").brand("Fleer")
        .cardNumber("57").grade("9.5").gradingCompany("BGS").sport("Basketball").build();

    private final CardIdentificationTask cards = new CardIdentificationTask();
    private final ListingGenerationTask listings = new ListingGenerationTask();

    @Test
    void defaults_plainTask_splitsOnOutputCountsNothingAndServesTheAnswerAsParsed() {
        Task plain = new Plain();
        Map<String, Object> input = Map.of("text", "hello");
        Map<String, Object> output = Map.of("title", "A title far longer than any platform allows, and then some more");

        assertThat(plain.splitKey(input, output)).isSameAs(output);
        assertThat(plain.diversity(Map.of("platform", "ebay"), output)).isEmpty();
        assertThat(plain.diversityWarnings()).isEmpty();
        assertThat(plain.postProcess(Map.of("platform", "ebay", "title_limit", 10), output)).isSameAs(output);
        assertThat(plain.fieldComparators()).isEmpty();
    }

    @Test
    void cardTask_diversity_countsCardDimensionsWithTheFirstFourDigitYear() {
        Map<String, String> values = cards.diversity(Map.of("ocr_text", "x"), CARD.toMap());

        assertThat(values).containsExactly(Map.entry("sport", "Basketball"), Map.entry("year", "1986"),
            Map.entry("brand", "Fleer"), Map.entry("grading_company", "BGS"));
        assertThat(cards.diversityWarnings()).containsExactly("sport", "year", "brand");
        assertThat(cards.splitKey(Map.of("ocr_text", "x"), CARD.toMap())).isEqualTo(CARD.toMap());
    }

    @Test
    void listingTask_splitKeyAndDiversity_comeFromTheInputsCard() {
        Map<String, Object> input = ListingRequest.builder().card(CARD).platform(Platform.EBAY).tone(Tone.CASUAL).build()
            .toInput();
        Map<String, Object> output = Listing.of("1986-87 Fleer Michael Jordan #57 BGS 9.5", "Iconic.").toMap();

        assertThat(listings.splitKey(input, output)).isEqualTo(CARD.toMap());
        assertThat(listings.diversity(input, output)).containsEntry("year", "1986").containsEntry("platform", "ebay")
            .containsEntry("tone", "casual").containsEntry("sport", "Basketball");
    }

    @Test
    void listingTask_postProcess_fitsATitleOverTheLimitAndKeepsOneThatFits() {
        Map<String, Object> input = ListingRequest.builder().card(CARD).platform(Platform.of("shop", 20))
            .tone(Tone.CASUAL).build().toInput();
        Map<String, Object> fits = Listing.of("Jordan Fleer 57", "Iconic.").toMap();
        Map<String, Object> tooLong = Listing.of("1986-87 Fleer Michael Jordan #57", "Iconic.").toMap();

        assertThat(listings.postProcess(input, fits)).isSameAs(fits);
        assertThat(listings.postProcess(input, tooLong)).containsEntry("title", "1986-87 Fleer")
            .containsEntry("description", "Iconic.");
    }

    @Test
    void cardTask_fieldComparators_judgeCardSpellings() {
        assertThat(cards.fieldComparators().get("card_number").matches("#57", "57")).isTrue();
        assertThat(cards.fieldComparators().get("rookie").matches(null, false)).isTrue();
        assertThat(cards.fieldComparators()).doesNotContainKey("brand");
        assertThat(listings.fieldComparators()).isEmpty();
    }

    @Test
    void assessListing_evaluatorThatDoesNotScoreListings_failsNamingItself() {
        ModelEvaluator evaluator = new ModelEvaluator() {
            @Override
            public AccuracyReport evaluate(TaskName task, List<Map<String, Object>> p, List<Map<String, Object>> t) {
                throw new AssertionError();
            }

            @Override
            public AbTestResult abTest(TaskName task, List<Map<String, Object>> a, List<Map<String, Object>> b,
                List<Map<String, Object>> truth, String nameA, String nameB) {
                throw new AssertionError();
            }

            @Override
            public void trackProduction(ProductionRecord record) {
            }

            @Override
            public MonthlyAnalysis analyzeMonth(YearMonth month) {
                throw new AssertionError();
            }
        };
        ListingRequest request = ListingRequest.builder().card(CARD).platform(Platform.EBAY).tone(Tone.CASUAL).build();

        assertThatThrownBy(() -> evaluator.assessListing(Listing.of("t", "d"), request))
            .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("does not score listings");
    }

    /** A task that implements only what a task must. */
    private static final class Plain implements Task {
        @Override
        public TaskName name() {
            return TaskName.of("plain");
        }

        @Override
        public List<ChatMessage> prompt(Map<String, Object> input) {
            return List.of(ChatMessage.user(String.valueOf(input)));
        }

        @Override
        public String answer(Map<String, Object> output) {
            return String.valueOf(output);
        }

        @Override
        public Map<String, Object> parse(String answer) {
            return Map.of("text", answer);
        }

        @Override
        public void validateInput(Map<String, Object> input) {
        }

        @Override
        public void validateOutput(Map<String, Object> output) {
        }

        @Override
        public List<String> fields() {
            return List.of("text");
        }
    }
}
