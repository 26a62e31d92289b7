/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TokenUsage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingHelpersTest {

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

    @Test
    void cost_defaultTable_pricesBaseAndFineTunedGpt4oMini() {
        InferencePrices prices = InferencePrices.from(SlabMlConfig.of(Map.of()));
        TokenUsage million = new TokenUsage(1_000_000, 1_000_000);
        assertThat(prices.cost("gpt-4o-mini-2024-07-18", million)).isEqualByComparingTo("0.75");
        assertThat(prices.cost("ft:gpt-4o-mini-2024-07-18:org:card:abc", million)).isEqualByComparingTo("1.50");
        assertThat(prices.cost("gpt-5-unknown", million)).isNull();
    }

    @Test
    void cost_overriddenAndAddedPrices_longestPrefixWins() {
        InferencePrices prices = InferencePrices.from(SlabMlConfig.of(Map.of("slabml.inference.prices",
            "gpt-4o-mini=0.10/0.40, gpt-4o=2.50/10, ft:gpt-4o-mini-2024-07-18:org:card=1/1")));
        TokenUsage million = new TokenUsage(1_000_000, 0);
        assertThat(prices.cost("gpt-4o-mini-2024-07-18", million)).isEqualByComparingTo("0.10");
        assertThat(prices.cost("gpt-4o-2024-08-06", million)).isEqualByComparingTo("2.50");
        assertThat(prices.cost("ft:gpt-4o-mini-2024-07-18:org:card:abc", million)).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(prices.cost("ft:gpt-4o-mini-2024-07-18:org:listing:abc", million)).isEqualByComparingTo("0.30");
    }

    @Test
    void from_malformedPrices_configurationExceptionNamingKey() {
        for (String bad : List.of("gpt-4o-mini", "gpt-4o-mini=abc/1", "x=-1/1")) {
            assertThatThrownBy(() -> InferencePrices.from(SlabMlConfig.of(Map.of("slabml.inference.prices", bad))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("slabml.inference.prices");
        }
    }

    @Test
    void percentiles_nearestRank() {
        List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(DefaultModelManager.median(sorted)).isEqualTo(5);
        assertThat(DefaultModelManager.percentile(sorted, 0.95)).isEqualTo(10);
        assertThat(DefaultModelManager.median(List.of(7L))).isEqualTo(7);
        assertThat(DefaultModelManager.percentile(List.of(7L), 0.95)).isEqualTo(7);
    }
}
