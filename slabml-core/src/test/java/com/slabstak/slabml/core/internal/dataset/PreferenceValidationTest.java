/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.DatasetLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferenceValidationTest {
    static final String PAIR = "{\"input\":{\"messages\":[{\"role\":\"system\",\"content\":\"You identify cards.\"},"
        + "{\"role\":\"user\",\"content\":\"MICHAEL JORDAN 1986 FLEER #57 PSA 9\"}]},"
        + "\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"{\\\"grade\\\":\\\"9\\\"}\"}],"
        + "\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"{\\\"grade\\\":\\\"8\\\"}\"}]}";
    static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"yo\"}]}";

    @TempDir
    Path dir;

    private final DatasetValidator validator = new DatasetValidator(TestCatalog.create());

    private Path file(List<String> lines) throws IOException {
        Path f = dir.resolve("pairs.jsonl");
        Files.write(f, lines, StandardCharsets.UTF_8);
        return f;
    }

    private static List<String> pairs(int n) {
        return new ArrayList<>(Collections.nCopies(n, PAIR));
    }

    @Test
    void validate_wellFormedPairs_isValidAndCountsTokens() throws IOException {
        ValidationReport r = validator.validate(file(pairs(10)), TestCatalog.PREFERENCE_MODEL);

        assertThat(r.isValid()).isTrue();
        assertThat(r.examples()).isEqualTo(10);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void validate_brokenPairs_reportEachWithItsLine() throws IOException {
        List<String> lines = pairs(12);
        lines.set(1, PAIR.replace("\"preferred_output\"", "\"preferred\""));
        lines.set(3, PAIR.replace("{\"role\":\"user\",\"content\":\"MICHAEL JORDAN 1986 FLEER #57 PSA 9\"}",
            "{\"role\":\"assistant\",\"content\":\"hello\"}"));
        lines.set(5, PAIR.replace("\"8\\\"", "\"9\\\""));
        lines.set(7, PAIR.replace("\"non_preferred_output\":[{\"role\":\"assistant\"", "\"non_preferred_output\":[{\"role\":\"user\""));
        lines.set(9, CHAT);

        ValidationReport r = validator.validate(file(lines), TestCatalog.PREFERENCE_MODEL);

        assertThat(r.errors()).extracting(ValidationFinding::line, ValidationFinding::category).containsExactly(
            tuple(2L, "invalid_preferred_output"),
            tuple(4L, "input_ends_with_assistant"),
            tuple(6L, "identical_outputs"),
            tuple(8L, "invalid_non_preferred_output"),
            tuple(10L, "mixed_formats"));
        assertThat(r.findings()).extracting(ValidationFinding::line, ValidationFinding::category)
            .contains(tuple(2L, "example_unrecognized_key"));
    }

    @Test
    void validate_providerRequiringAlternatingRoles_refusesTwoUserMessagesInARow() throws IOException {
        String twoUsers = PAIR.replace("{\"role\":\"system\",\"content\":\"You identify cards.\"}",
            "{\"role\":\"user\",\"content\":\"first\"}");
        List<String> lines = pairs(10);
        lines.set(4, twoUsers);
        DatasetValidator strict = new DatasetValidator(TestCatalog.builder()
            .limits(new DatasetLimits(1, Long.MAX_VALUE, true)).build());

        assertThat(strict.validate(file(lines), TestCatalog.PREFERENCE_MODEL).errors())
            .extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactly(tuple(5L, "roles_not_alternating"));
        assertThat(validator.validate(file(lines), TestCatalog.PREFERENCE_MODEL).isValid()).isTrue();
    }

    @Test
    void validate_pairOverTheExampleLimit_warnsWithTheTokenCount() throws IOException {
        DatasetValidator small = new DatasetValidator(TestCatalog.builder()
            .add(TestCatalog.model(TestCatalog.PREFERENCE_MODEL, "o200k_base", 20, "25.00")).build());

        ValidationReport r = small.validate(file(pairs(10)), TestCatalog.PREFERENCE_MODEL);

        assertThat(r.isValid()).isTrue();
        assertThat(r.warnings()).extracting(ValidationFinding::category).containsOnly("example_over_token_limit");
        assertThat(r.warnings().get(0).message()).contains("takes 20");
    }
}
