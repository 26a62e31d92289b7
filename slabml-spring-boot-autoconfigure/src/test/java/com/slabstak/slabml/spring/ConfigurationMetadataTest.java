/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationMetadataTest {

    private static Map<String, JsonNode> properties() throws Exception {
        try (InputStream in = SlabMlAutoConfiguration.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json on the class path").isNotNull();
            Map<String, JsonNode> byName = new HashMap<>();
            for (JsonNode p : new ObjectMapper().readTree(in).get("properties")) {
                byName.put(p.get("name").asText(), p);
            }
            return byName;
        }
    }

    @Test
    void metadata_listsEveryTypedKeyWithTypeAndDescription() throws Exception {
        Map<String, JsonNode> props = properties();

        assertThat(props).containsKeys(
            "slabml.read-environment", "slabml.data.dir", "slabml.inference.provider", "slabml.inference.timeout", "slabml.inference.temperature",
            "slabml.fine-tuning.provider", "slabml.selector.provider",
            "slabml.store.provider", "slabml.store.durability", "slabml.store.queue-capacity", "slabml.store.when-full",
            "slabml.store.block-timeout", "slabml.store.max-batch", "slabml.store.flush-interval",
            "slabml.store.shutdown-hook",
            "slabml.openai.api-key", "slabml.openai.base-url", "slabml.openai.max-retries", "slabml.openai.timeout",
            "slabml.serving.breaker.consecutive-failures", "slabml.serving.breaker.cool-down",
            "slabml.cache.enabled", "slabml.cache.ttl",
            "slabml.health.probe-provider", "slabml.health.provider-interval",
            "slabml.observability.micrometer.enabled", "slabml.observability.opentelemetry.enabled");
        props.forEach((name, p) -> {
            assertThat(p.path("description").asText()).as("description of %s", name).isNotBlank();
            assertThat(p.path("type").asText()).as("type of %s", name).isNotBlank();
        });
        assertThat(props.get("slabml.store.durability").get("type").asText())
            .isEqualTo("com.slabstak.slabml.spi.Durability");
        assertThat(props.get("slabml.inference.timeout").get("type").asText()).isEqualTo("java.time.Duration");
    }

    @Test
    void slabMlKey_springNames_becomeSlabMlKeys() {
        assertThat(SpringConfigKeys.slabMlKey("slabml.store.queue-capacity")).isEqualTo("slabml.store.queue_capacity");
        assertThat(SpringConfigKeys.slabMlKey("slabml.fineTuning.provider")).isEqualTo("slabml.fine_tuning.provider");
        assertThat(SpringConfigKeys.slabMlKey("slabml.data.dir")).isEqualTo("slabml.data.dir");
        assertThat(SpringConfigKeys.springOnly("slabml.health.probe-provider")).isTrue();
        assertThat(SpringConfigKeys.springOnly("slabml.guardrail.alpha")).isFalse();
    }
}
