/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.core.internal.serving.InferenceRoutes.StructuredOutputs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InferenceRoutesTest {

    private static InferenceRoutes parse(Map<String, String> values) {
        return InferenceRoutes.parse(SlabMlConfig.of(values), values.keySet(), Set.of());
    }

    private static Map<String, String> config(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void parse_endpointKeysAndRoutes_mergesModelsAndPrefixes() {
        // given
        Map<String, String> values = config(
            "slabml.inference.endpoints", "openai, together",
            "slabml.inference.endpoints.openai.models", "base-a,ft:base-a:org::1",
            "slabml.inference.endpoints.together.prefixes", "meta-llama/",
            "slabml.inference.endpoints.together.structured_outputs", "false",
            "slabml.inference.routes", "acme/*=together, exact-model=openai");

        // when
        InferenceRoutes routes = parse(values);

        // then
        assertThat(routes.endpoints()).containsExactly("openai", "together");
        assertThat(routes.exact()).containsOnly(Map.entry("base-a", "openai"), Map.entry("ft:base-a:org::1", "openai"),
            Map.entry("exact-model", "openai"));
        assertThat(routes.prefixes()).containsOnly(Map.entry("meta-llama/", "together"), Map.entry("acme/", "together"));
        assertThat(routes.structuredOutputs("together")).isEqualTo(StructuredOutputs.OFF);
        assertThat(routes.structuredOutputs("openai")).isEqualTo(StructuredOutputs.AUTO);
        assertThat(routes.defaultEndpoint()).isEmpty();
    }

    @Test
    void parse_nothingConfigured_hasNoEndpoints() {
        InferenceRoutes routes = parse(Map.of());

        assertThat(routes.endpoints()).isEmpty();
        assertThat(routes.defaultStructuredOutputs()).isEqualTo(StructuredOutputs.AUTO);
    }

    @Test
    void parse_keysOfUndeclaredEndpoint_failsNamingKeyAndDeclaredEndpoints() {
        Map<String, String> values = config(
            "slabml.inference.endpoints", "together",
            "slabml.inference.endpoints.together.prefixes", "meta-llama/",
            "slabml.inference.endpoints.togther.api_key", "k-123");

        assertThatThrownBy(() -> parse(values))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.inference.endpoints.togther.api_key: unknown inference endpoint 'togther'")
            .hasMessageContaining("[together]")
            .hasMessageNotContaining("k-123");
    }

    @Test
    void parse_routeToMissingEndpoint_failsNamingTheEntry() {
        Map<String, String> values = config(
            "slabml.inference.endpoints", "together",
            "slabml.inference.endpoints.together.prefixes", "meta-llama/",
            "slabml.inference.routes", "ft:x*=openai");

        assertThatThrownBy(() -> parse(values))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.inference.routes: entry 'ft:x*=openai' routes to unknown endpoint 'openai'");
    }

    @Test
    void parse_samePrefixOnTwoEndpoints_failsAsAmbiguous() {
        Map<String, String> values = config(
            "slabml.inference.endpoints", "together,fireworks",
            "slabml.inference.endpoints.together.prefixes", "meta-llama/",
            "slabml.inference.endpoints.fireworks.prefixes", "meta-llama/");

        assertThatThrownBy(() -> parse(values))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("prefix 'meta-llama/' is routed to two endpoints, 'together' and 'fireworks'");
    }

    @Test
    void parse_sameModelOnTwoEndpoints_failsAsAmbiguous() {
        Map<String, String> values = config(
            "slabml.inference.endpoints", "a,b",
            "slabml.inference.endpoints.a.models", "m1",
            "slabml.inference.routes", "m1=b,x*=b");

        assertThatThrownBy(() -> parse(values))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("model 'm1' is routed to two endpoints, 'a' and 'b'");
    }

    @Test
    void parse_manyProblems_reportsThemTogether() {
        Map<String, String> values = config(
            "slabml.inference.endpoints", "Bad_Name,idle,idle",
            "slabml.inference.routes", "no-equals-sign",
            "slabml.inference.default_endpoint", "missing",
            "slabml.inference.structured_outputs", "sometimes");

        assertThatThrownBy(() -> parse(values))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("6 problems")
            .hasMessageContaining("endpoint name 'Bad_Name'")
            .hasMessageContaining("endpoint 'idle' is listed twice")
            .hasMessageContaining("entry 'no-equals-sign' must be model=endpoint or prefix*=endpoint")
            .hasMessageContaining("slabml.inference.default_endpoint: unknown endpoint 'missing'")
            .hasMessageContaining("endpoint 'idle' serves no model")
            .hasMessageContaining("slabml.inference.structured_outputs: expected auto, true or false, was 'sometimes'");
    }

    @Test
    void parse_defaultEndpointAndEndpointPassedInCode_counts() {
        Map<String, String> values = config(
            "slabml.inference.default_endpoint", "local",
            "slabml.inference.endpoints.local.structured_outputs", "true");

        InferenceRoutes routes = InferenceRoutes.parse(SlabMlConfig.of(values), values.keySet(), Set.of("local"));

        assertThat(routes.endpoints()).containsExactly("local");
        assertThat(routes.defaultEndpoint()).contains("local");
        assertThat(routes.structuredOutputs("local")).isEqualTo(StructuredOutputs.ON);
    }
}
