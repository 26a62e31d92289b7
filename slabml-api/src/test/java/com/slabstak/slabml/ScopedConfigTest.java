/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopedConfigTest {

    @Test
    void get_nameUnderPrefix_readsTheFullKeyInAnySpelling() {
        // given
        SlabMlConfig config = SlabMlConfig.of(Map.of("slabml.together.api_key", "k", "slabml.other.api_key", "o"));

        // when
        ScopedConfig together = config.scoped("slabml.together.");

        // then
        assertThat(together.prefix()).isEqualTo("slabml.together");
        assertThat(together.get("api_key")).contains("k");
        assertThat(together.get("api-key")).contains("k");
        assertThat(together.get("base_url")).isEmpty();
        assertThat(together.key("api_key")).isEqualTo("slabml.together.api_key");
        assertThat(config.get("SLABML_TOGETHER_API_KEY")).contains("k");
    }

    @Test
    void requireKnownKeys_misspeltKey_throwsNamingIt() {
        // given
        ScopedConfig postgres = SlabMlConfig.of(Map.of("slabml.postgres.url", "u", "slabml.postgres.pool_sise", "4"))
            .scoped("slabml.postgres");

        // when / then
        assertThatThrownBy(() -> postgres.requireKnownKeys(List.of("url", "pool_size")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.postgres.pool.sise")
            .hasMessageContaining("pool_size");
    }

    @Test
    void unknownKeys_wildcardAndKnownNames_acceptedInEverySpelling() {
        // given
        ScopedConfig store = SlabMlConfig.of(Map.of("slabml.store.samples.durability", "SYNC",
            "slabml.store.max-batch", "10", "slabml.store.extra", "x")).scoped("slabml.store");

        // when
        List<String> unknown = store.unknownKeys(List.of("samples.*", "max_batch"));

        // then
        assertThat(unknown).containsExactly("slabml.store.extra");
    }

    @Test
    void of_twoSpellingsOfOneKey_rejected() {
        assertThatThrownBy(() -> SlabMlConfig.of(Map.of("slabml.a_b", "1", "slabml.a.b", "2")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("slabml.a.b");
    }
}
