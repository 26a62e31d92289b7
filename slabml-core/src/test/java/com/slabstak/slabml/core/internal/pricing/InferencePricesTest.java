/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.util.Map;
import com.slabstak.slabml.core.testing.TestCatalog;
import org.junit.jupiter.api.Test;

class InferencePricesTest {
    @Test
    void cost_modelIds_arePricedByTheLongestMatchingPrefix() {
        InferencePrices prices = InferencePrices.create(TestCatalog.config());

        assertThat(prices.cost("ft:gpt-4o-mini-2024-07-18:org:card-id:abc", 1_000_000, 1_000_000))
            .hasValueSatisfying(v -> assertThat(v).isCloseTo(1.50, within(1e-12)));
        assertThat(prices.cost("gpt-4o-mini-2024-07-18", 2_000_000, 0))
            .hasValueSatisfying(v -> assertThat(v).isCloseTo(0.30, within(1e-12)));
        assertThat(prices.cost("gpt-4o-2024-08-06", 1_000_000, 0))
            .hasValueSatisfying(v -> assertThat(v).isCloseTo(2.50, within(1e-12)));
        assertThat(prices.cost("some-local-model", 10, 10)).isEmpty();
    }

    @Test
    void price_configuredOverride_winsOverTheTable() {
        InferencePrices prices = InferencePrices.create(TestCatalog.config(Map.of(
            "slabml.inference.prices", "ft:gpt-4o-mini=1/2, some-local-model=0/0")));

        assertThat(prices.price("ft:gpt-4o-mini-2024-07-18:org:x:y")).hasValueSatisfying(p -> assertThat(p).containsExactly(1, 2));
        assertThat(prices.cost("some-local-model-v2", 100, 100)).hasValue(0.0);
    }

    @Test
    void create_malformedOverride_throwsNamingTheKey() {
        assertThatThrownBy(() -> InferencePrices.create(SlabMlConfig.of(Map.of("slabml.inference.prices", "m=cheap"))))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("slabml.inference.prices");
    }
}
