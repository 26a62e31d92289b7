/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.postgres.internal.PostgresSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {

    @Test
    void from_misspeltKeyAndBadPoolSize_oneErrorNamingBoth() {
        SlabMlConfig config = SlabMlConfig.of(Map.of("slabml.postgres.url", "jdbc:postgresql://db/slabml",
            "slabml.postgres.pool_sise", "4", "slabml.postgres.pool_size", "1"));

        assertThatThrownBy(() -> PostgresSettings.from(config, true))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.postgres.pool.sise: unknown key")
            .hasMessageContaining("slabml.postgres.pool_size: must be at least 2, was 1");
    }

    @Test
    void from_keysInEnvironmentSpelling_readThroughThePrefix() {
        SlabMlConfig config = SlabMlConfig.of(Map.of("SLABML_POSTGRES_URL", "jdbc:postgresql://db/slabml",
            "SLABML_POSTGRES_POOL_SIZE", "4", "slabml.postgres.schema", "cards"));

        PostgresSettings s = PostgresSettings.from(config, true);

        assertThat(s.url()).isEqualTo("jdbc:postgresql://db/slabml");
        assertThat(s.poolSize()).isEqualTo(4);
        assertThat(s.schema()).isEqualTo("cards");
    }
}
