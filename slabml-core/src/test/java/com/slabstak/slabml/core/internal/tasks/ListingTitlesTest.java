/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListingTitlesTest {
    @Test
    void fit_titleWithinLimit_unchanged() {
        assertThat(ListingTitles.fit("Short title", 80)).isEqualTo("Short title");
        assertThat(ListingTitles.fit("x".repeat(200), 0)).hasSize(200);
    }

    @Test
    void fit_longTitle_cutAtLastSpaceWithoutTrailingSeparator() {
        assertThat(ListingTitles.fit("Michael Jordan - Fleer Rookie", 16)).isEqualTo("Michael Jordan");
        assertThat(ListingTitles.fit("Michael Jordan Fleer", 14)).isEqualTo("Michael Jordan");
        assertThat(ListingTitles.fit("Michael Jordan Fleer", 15)).isEqualTo("Michael Jordan");
    }

    @Test
    void fit_singleLongWord_cutHard() {
        assertThat(ListingTitles.fit("Supercalifragilistic card", 10)).isEqualTo("Supercalif");
    }
}
