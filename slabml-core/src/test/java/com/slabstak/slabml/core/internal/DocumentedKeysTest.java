/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every key the README's Configuration section documents resolves from its two spellings. */
class DocumentedKeysTest {
    private static final Pattern KEY = Pattern.compile("`(slabml\\.[a-z0-9_.-]+)`");
    private static final Pattern ENV = Pattern.compile("`(SLABML_[A-Z0-9_]+)`");

    @Test
    void readme_everyDocumentedKey_resolvesFromSystemPropertyAndEnvironmentVariable() throws IOException {
        // given
        List<String[]> rows = configurationRows();
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> keys.add(r[0]));
        assertThat(keys).hasSizeGreaterThan(60).contains("slabml.card_identification.base_model");

        for (String key : keys) {
            String value = validValue(key);

            // when
            LayeredConfig fromProperty = LayeredConfig.of(Map.of(), Map.of(key, value), Map.of());
            LayeredConfig fromEnv = LayeredConfig.of(Map.of(), Map.of(), Map.of(LayeredConfig.envName(key), value));

            // then
            assertThat(fromProperty.get(key)).as("system property %s", key).contains(value);
            assertThat(fromEnv.get(key)).as("environment variable %s", LayeredConfig.envName(key)).contains(value);
        }
    }

    @Test
    void readme_environmentColumn_namesTheVariableThatSetsTheKey() throws IOException {
        for (String[] row : configurationRows()) {
            if (row[1] == null) {
                continue;
            }
            // when
            LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), Map.of(row[1], validValue(row[0])));

            // then
            assertThat(config.get(row[0])).as("%s from %s", row[0], row[1]).contains(validValue(row[0]));
        }
    }

    @Test
    void get_cardBaseModelFromItsEnvironmentVariable_foundByTheDocumentedKey() {
        // given
        Map<String, String> env = Map.of("SLABML_CARD_IDENTIFICATION_BASE_MODEL", "gpt-4.1-mini-2025-04-14");

        // when
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), env);

        // then
        assertThat(config.get("slabml.card_identification.base_model")).contains("gpt-4.1-mini-2025-04-14");
        assertThat(config.get("slabml.card-identification.base-model")).contains("gpt-4.1-mini-2025-04-14");
        assertThat(config.source("slabml.card_identification.base_model"))
            .contains("env SLABML_CARD_IDENTIFICATION_BASE_MODEL");
        assertThat(config.get("slabml.listing_generation.base_model")).isEmpty();
    }

    @Test
    void of_keysThatOnlyEndLikeCheckedOnes_notCheckedAsThem() {
        // given: default_endpoint names an endpoint, block_timeout may be zero
        Map<String, String> env = Map.of("SLABML_INFERENCE_DEFAULT_ENDPOINT", "local", "SLABML_STORE_BLOCK_TIMEOUT", "0s");

        // when
        LayeredConfig config = LayeredConfig.of(Map.of(), Map.of(), env);

        // then
        assertThat(config.get("slabml.inference.default_endpoint")).contains("local");
        assertThat(config.get("slabml.store.block_timeout")).contains("0s");
    }

    @Test
    void of_invalidValueFromEnvironment_namesTheVariable() {
        // given
        Map<String, String> env = Map.of("SLABML_OPENAI_MAX_RETRIES", "many");

        // when / then
        assertThatThrownBy(() -> LayeredConfig.of(Map.of(), Map.of(), env))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("expected an integer")
            .hasMessageContaining("SLABML_OPENAI_MAX_RETRIES");
    }

    @Test
    void scoped_keysFromEveryLayer_listedUnderThePrefixAndUnknownOnesNamed() {
        // given
        LayeredConfig config = LayeredConfig.of(Map.of("slabml.postgres.url", "jdbc:postgresql://db/x"),
            Map.of("slabml.postgres.pool_sise", "4"), Map.of("SLABML_POSTGRES_SCHEMA", "s"));

        // when
        List<String> unknown = config.scoped("slabml.postgres").unknownKeys(List.of("url", "schema", "pool_size"));

        // then
        assertThat(config.scoped("slabml.postgres").keys()).containsExactly("pool.sise", "schema", "url");
        assertThat(unknown).containsExactly("slabml.postgres.pool.sise");
        assertThat(config.scoped("slabml.postgres").get("schema")).contains("s");
        assertThat(SlabMlConfig.normalizeKey("SLABML_POSTGRES_POOL_SIZE"))
            .isEqualTo(SlabMlConfig.normalizeKey("slabml.postgres.pool-size"));
    }

    /** Each row of the Configuration table: the documented keys and its SLABML_ variable, if named. */
    private static List<String[]> configurationRows() throws IOException {
        String readme = Files.readString(readme());
        int start = readme.indexOf("\n## Configuration");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README has a Configuration section").isPositive();
        List<String[]> rows = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `slabml.")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Matcher env = ENV.matcher(cells.length > 2 ? cells[2] : "");
            String variable = env.find() ? env.group(1) : null;
            Matcher m = KEY.matcher(cells[1]);
            while (m.find()) {
                String key = m.group(1);
                if (!key.endsWith(".") && !key.equals("slabml.read-environment")) {
                    rows.add(new String[] {key, variable});
                    variable = null;
                }
            }
        }
        return rows;
    }

    private static Path readme() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("slabml-api"))) {
            p = p.getParent();
        }
        assertThat(p).as("the repository root").isNotNull();
        return p.resolve("README.md");
    }

    /** A value the key's own check accepts. */
    private static String validValue(String key) {
        if (LayeredConfig.isSecret(key)) {
            return "secret-value-1";
        }
        if (key.endsWith("use_finetuned") || key.endsWith("enabled") || key.endsWith("validation")) {
            return "true";
        }
        if (key.endsWith("base_url") || key.endsWith("endpoint")) {
            return "https://example.test/v1";
        }
        if (key.endsWith("timeout")) {
            return "30s";
        }
        return "3";
    }
}
