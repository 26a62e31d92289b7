/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.ListingQuality;
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingQualityScorerTest {
    private static final CardData JORDAN = CardData.builder().player("Michael Jordan").year("1986-87").brand("Fleer")
        .cardNumber("57").grade("9.5").gradingCompany("BGS").build();
    private static final ListingRequest EBAY = ListingRequest.builder().card(JORDAN).platform(Platform.EBAY).build();
    private static final String GOOD_DESCRIPTION = "Michael Jordan's 1986-87 Fleer rookie card, #57, graded BGS 9.5 Gem Mint. "
        + "Sharp corners, strong centering and a clean case. Ships in a padded box with tracking.";

    private final ListingQualityScorer scorer = new ListingQualityScorer();

    @Test
    void score_completeListing_scoresFullMarks() {
        ListingQuality q = scorer.score(Listing.of("1986-87 Fleer Michael Jordan #57 BGS 9.5 Rookie", GOOD_DESCRIPTION), EBAY);

        assertThat(q.issues()).isEmpty();
        assertThat(q.score()).isEqualTo(100.0);
    }

    @Test
    void score_titleOverThePlatformLimit_losesPointsWithReason() {
        String title = "1986-87 Fleer Michael Jordan #57 BGS 9.5 Rookie Card Chicago Bulls Legend Basketball Hall Of Fame";

        ListingQuality q = scorer.score(Listing.of(title, GOOD_DESCRIPTION), EBAY);

        assertThat(q.score()).isEqualTo(75.0);
        assertThat(q.issues()).singleElement().asString().contains(title.length() + " characters").contains("ebay")
            .contains("80");
    }

    @Test
    void score_sameLongTitleOnPlatformWithoutLimit_isFine() {
        String title = "1986-87 Fleer Michael Jordan #57 BGS 9.5 Rookie Card Chicago Bulls Legend Basketball Hall Of Fame";
        ListingRequest whatnot = EBAY.toBuilder().platform(Platform.WHATNOT).build();

        assertThat(scorer.score(Listing.of(title, GOOD_DESCRIPTION), whatnot).score()).isEqualTo(100.0);
    }

    @Test
    void score_missingIdentifiers_loseTheirPoints() {
        ListingQuality q = scorer.score(Listing.of("Michael Jordan basketball card nice", GOOD_DESCRIPTION), EBAY);

        // year, brand, number, grade and grader are only in the description: half of 8+8+6+6+6
        assertThat(q.score()).isEqualTo(100 - 17.0);
        assertThat(q.issues()).hasSize(5).allSatisfy(i -> assertThat(i).contains("only in the description"));
    }

    @Test
    void score_shoutingAndBannedPhrases_losePoints() {
        ListingQuality q = scorer.score(Listing.of("1986-87 Fleer Michael Jordan #57 BGS 9.5 L@@K!!",
            "MUST SEE!! GREAT INVESTMENT, THIS CARD WILL ONLY GO UP. MICHAEL JORDAN ROOKIE FLEER BASKETBALL CARD SHIPS FAST"),
            EBAY);

        assertThat(q.issues()).anySatisfy(i -> assertThat(i).contains("shouting"))
            .anySatisfy(i -> assertThat(i).contains("l@@k"))
            .anySatisfy(i -> assertThat(i).contains("must see"))
            .anySatisfy(i -> assertThat(i).contains("investment"))
            .anySatisfy(i -> assertThat(i).contains("exclamation"));
        assertThat(q.score()).isEqualTo(100 - 10 - 30 - 5.0);
    }

    @Test
    void score_shortDescription_losesPoints() {
        ListingQuality q = scorer.score(Listing.of("1986-87 Fleer Michael Jordan #57 BGS 9.5", "Great card."), EBAY);

        assertThat(q.score()).isEqualTo(85.0);
        assertThat(q.issues()).singleElement().asString().contains("description is short");
    }

    @Test
    void compare_betterSecondModel_hasPositiveMeanDifference() {
        List<ListingRequest> requests = List.of(EBAY, EBAY, EBAY);
        List<Listing> weak = List.of(Listing.of("Jordan card", "Great card."), Listing.of("MJ L@@K", "Must see"),
            Listing.of("Michael Jordan", GOOD_DESCRIPTION));
        List<Listing> strong = List.of(Listing.of("1986-87 Fleer Michael Jordan #57 BGS 9.5", GOOD_DESCRIPTION),
            Listing.of("1986-87 Fleer Michael Jordan #57 BGS 9.5", GOOD_DESCRIPTION),
            Listing.of("1986-87 Fleer Michael Jordan #57 BGS 9.5", GOOD_DESCRIPTION));

        ListingQualityScorer.ListingComparison c = scorer.compare(weak, strong, requests, "base", "fine-tuned");

        assertThat(c.meanScoreB()).isEqualTo(100.0);
        assertThat(c.meanDifference()).isGreaterThan(0).isEqualTo(c.meanScoreB() - c.meanScoreA());
        assertThat(c.bBetter()).isEqualTo(3);
        assertThat(c.lower()).isGreaterThan(0);
    }

    @Test
    void compare_mismatchedLists_throwNamingTheList() {
        assertThatThrownBy(() -> scorer.compare(List.of(), List.of(Listing.of("t", "d")), List.of(EBAY), "a", "b"))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("listingsA");
    }
}
