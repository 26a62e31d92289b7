/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayeredConfigTest {
    /** The variables an OpenAI provider declares (its environmentAliases()). */
    private static final Map<String, String> PROVIDER_ALIASES = Map.of(
        "OPENAI_API_KEY", "slabml.openai.api_key", "OPENAI_BASE_URL", "slabml.openai.base_url",
        "OPENAI_ORG_ID", "slabml.openai.organization", "OPENAI_PROJECT_ID", "slabml.openai.project",
        "AZURE_OPENAI_ENDPOINT", "slabml.openai.azure.endpoint", "AZURE_OPENAI_API_KEY", "slabml.openai.azure.api_key",
        "OPENAI_API_VERSION", "slabml.openai.azure.api_version");

    private static final String SECRET = "sk-test-0123456789abcdef";

    @Test
    void get_sameKeyInEveryLayer_builderWinsThenSystemPropertyThenEnv() {
        // given
        Map<String, String> env = Map.of("SLABML_OPENAI_BASE_URL", "http://env.example");
        Map<String, String> props = Map.of("slabml.openai.base_url", "http://prop.example");
        Map<String, String> builder = Map.of("slabml.openai.base_url", "http://builder.example");

        // when / then
        assertThat(LayeredConfig.of(builder, props, env).get("slabml.openai.base_url")).contains("http://builder.example");
        assertThat(LayeredConfig.of(Map.of(), props, env).get("slabml.openai.base_url")).contains("http://prop.example");
        assertThat(LayeredConfig.of(Map.of(), Map.of(), env, PROVIDER_ALIASES).get("slabml.openai.base_url")).contains("http://env.example");
    }

    @Test
    void get_seedEnvironmentNames_mapToCanonicalKeys() {
        // given
        Map<String, String> env = Map.of(
            "OPENAI_API_KEY", SECRET,
            "OPENAI_BASE_URL", "http://127.0.0.1:8080/v1",
            "OPENAI_ORG_ID", "org-1",
            "OPENAI_PROJECT_ID", "proj-1",
            "SLABML_DATA_DIR", "/var/slabml",
            "FINETUNED_CARD_ID_MODEL", "ft:gpt-4o-mini-2024-07-18:acme::abc",
            "USE_FINETUNED_CARD_ID", "true",
            "FINETUNED_LISTING_MODEL", "ft:gpt-4o-mini-2024-07-18:acme::def",
            "USE_FINETUNED_LISTING", "no",
            "AZURE_OPENAI_ENDPOINT", "https://acme.openai.azure.com");

        // when
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), env, PROVIDER_ALIASES);

        // then
        assertThat(config.get("slabml.openai.api_key")).contains(SECRET);
        assertThat(config.get("slabml.openai.base_url")).contains("http://127.0.0.1:8080/v1");
        assertThat(config.get("slabml.openai.organization")).contains("org-1");
        assertThat(config.get("slabml.openai.project")).contains("proj-1");
        assertThat(config.get("slabml.data.dir")).contains("/var/slabml");
        assertThat(config.get("slabml.card_identification.finetuned_model")).contains("ft:gpt-4o-mini-2024-07-18:acme::abc");
        assertThat(config.getBoolean("slabml.card_identification.use_finetuned", false)).isTrue();
        assertThat(config.get("slabml.listing_generation.finetuned_model")).contains("ft:gpt-4o-mini-2024-07-18:acme::def");
        assertThat(config.getBoolean("slabml.listing_generation.use_finetuned", true)).isFalse();
        assertThat(config.get("slabml.openai.azure.endpoint")).contains("https://acme.openai.azure.com");
        assertThat(config.source("slabml.openai.api_key")).contains("env OPENAI_API_KEY");
    }

    @Test
    void get_providerAliasVariable_setsTheProvidersKeyMasked() {
        // given: a provider (Together's) that reads TOGETHER_API_KEY
        Map<String, String> env = Map.of("TOGETHER_API_KEY", SECRET + "-together");

        // when
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), env,
            Map.of("TOGETHER_API_KEY", "slabml.together.api_key"));

        // then
        assertThat(config.get("slabml.together.api_key")).contains(SECRET + "-together");
        assertThat(config.source("slabml.together.api_key")).contains("env TOGETHER_API_KEY");
        assertThat(config.toString()).doesNotContain(SECRET).contains("slabml.together.api_key=****");
    }

    @Test
    void get_slabmlEnvAndSeedAliasBothSet_slabmlNameWins() {
        // given
        Map<String, String> env = Map.of("OPENAI_BASE_URL", "http://alias.example",
            "SLABML_OPENAI_BASE_URL", "http://canonical.example");

        // when
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), env, PROVIDER_ALIASES);

        // then
        assertThat(config.get("slabml.openai.base_url")).contains("http://canonical.example");
    }

    @Test
    void get_exportAndGuardrailKeysFromEnv_foundByCanonicalKey() {
        // given
        Map<String, String> env = Map.of("SLABML_EXPORT_TRUSTED_USERS", "a,b", "SLABML_EXPORT_REDACT_PII", "true",
            "SLABML_EXPORT_NEAR_DUPLICATE_THRESHOLD", "0.7", "SLABML_GUARDRAIL_CHECK_EVERY", "50");

        // when
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), env, PROVIDER_ALIASES);

        // then
        assertThat(config.keys()).contains("slabml.export.trusted.users", "slabml.export.redact.pii",
            "slabml.export.near.duplicate.threshold", "slabml.guardrail.check.every");
        assertThat(config.get("slabml.export.redact_pii")).contains("true");
        assertThat(config.get("slabml.export.near_duplicate_threshold")).contains("0.7");
    }

    @Test
    void get_hostKeyWithUnderscoresFromEnv_foundByExactEnvName() {
        // given
        Map<String, String> env = Map.of("SLABML_PRICE_GUESS_BASE_MODEL", "gpt-4.1-mini-2025-04-14");

        // when
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), env, PROVIDER_ALIASES);

        // then
        assertThat(config.get("slabml.price_guess.base_model")).contains("gpt-4.1-mini-2025-04-14");
    }

    @Test
    void get_nothingConfigured_returnsDefaults() {
        // when
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), Map.of())
            .withDefaults(Map.of("slabml.fine_tuning.base_model", "gpt-4o-mini-2024-07-18"));

        // then
        assertThat(config.get("slabml.data.dir")).contains("./slabml-data");
        assertThat(config.get("slabml.card_identification.base_model")).contains("gpt-4o-mini-2024-07-18");
        assertThat(config.get("slabml.my_task.base_model")).contains("gpt-4o-mini-2024-07-18");
        assertThat(LayeredConfig.of(Map.of(), Map.of(), Map.of()).get("slabml.my_task.base_model")).isEmpty();
        assertThat(config.get("slabml.openai.max_retries")).as("each provider defaults its own keys").isEmpty();
        assertThat(config.get("slabml.openai.api_key")).isEmpty();
        assertThat(config.source("slabml.data.dir")).contains("default");
    }

    @Test
    void get_systemPropertyOutsideSlabmlNamespace_isIgnored() {
        // when
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of("user.home", "/home/x", "slabml.x", "y"), Map.of());

        // then
        assertThat(config.get("user.home")).isEmpty();
        assertThat(config.get("slabml.x")).contains("y");
    }

    @Test
    void of_severalInvalidValues_reportsAllProblemsInOneException() {
        // given
        Map<String, String> builder = Map.of(
            "slabml.card_identification.use_finetuned", "maybe",
            "slabml.openai.max_retries", "two",
            "slabml.inference.timeout", "soon",
            "slabml.openai.base_url", "not a url",
            "openai.api_key", "x");

        // when / then
        assertThatThrownBy(() -> LayeredConfig.of(builder, Map.of(), Map.of()))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("5 problems")
            .hasMessageContaining("slabml.card_identification.use_finetuned: expected true or false, was 'maybe'")
            .hasMessageContaining("slabml.openai.max_retries: expected an integer")
            .hasMessageContaining("slabml.inference.timeout: expected a duration")
            .hasMessageContaining("slabml.openai.base_url: expected an http(s) URL")
            .hasMessageContaining("config key 'openai.api_key' must start with 'slabml.'");
    }

    @Test
    void of_invalidValueFromEnv_namesTheVariable() {
        // when / then
        assertThatThrownBy(() -> LayeredConfig.of(Map.of(), Map.of(), Map.of("USE_FINETUNED_LISTING", "sometimes")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.listing_generation.use_finetuned")
            .hasMessageContaining("env USE_FINETUNED_LISTING");
    }

    @Test
    void toString_withApiKeys_masksEverySecret() {
        // given
        LayeredConfig config = LayeredConfig.of(Map.of("slabml.openai.azure.api_key", SECRET + "-azure"),
            Map.of(), Map.of("OPENAI_API_KEY", SECRET, "SLABML_STORE_PASSWORD", "hunter2"), PROVIDER_ALIASES);

        // when
        String text = config.toString();

        // then
        assertThat(text).doesNotContain(SECRET).doesNotContain("hunter2")
            .contains("slabml.openai.api_key=****").contains("slabml.openai.azure.api_key=****");
    }

    @Test
    void of_invalidSecretValue_neverShowsTheSecret() {
        // given: a secret next to an invalid value
        Map<String, String> builder = Map.of("slabml.openai.api_key", SECRET, "slabml.store.provider", " ");

        // when / then
        assertThatThrownBy(() -> LayeredConfig.of(builder, Map.of(), Map.of()))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.store.provider: must not be blank")
            .hasMessageNotContaining(SECRET);
    }

    @Test
    void of_secretWithTrailingNewline_reportsItWithoutShowingTheValue() {
        // when / then
        assertThatThrownBy(() -> LayeredConfig.of(Map.of(), Map.of(), Map.of("OPENAI_API_KEY", SECRET + "\n"), PROVIDER_ALIASES))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.openai.api_key: must not be blank or contain spaces")
            .hasMessageContaining("env OPENAI_API_KEY")
            .hasMessageNotContaining(SECRET);
    }

    @Test
    void getDuration_unitSuffix_parsed() {
        // when
        LayeredConfig config = LayeredConfig.of(Map.of("slabml.inference.timeout", "30s"), Map.of(), Map.of());

        // then
        assertThat(config.getDuration("slabml.inference.timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void envName_canonicalKey_uppercasedWithUnderscores() {
        assertThat(LayeredConfig.envName("slabml.card_identification.use_finetuned"))
            .isEqualTo("SLABML_CARD_IDENTIFICATION_USE_FINETUNED");
    }
}
