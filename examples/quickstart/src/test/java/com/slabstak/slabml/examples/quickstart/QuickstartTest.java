/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.SlabMlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

    @TempDir
    Path temp;

    @Test
    void run_simulatedBackends_fineTunedModelWinsSignificantlyAndReportsExist() throws IOException {
        // given
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path dir = temp.resolve("data");

        // when
        Summary s = Quickstart.run(dir, Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        // then
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s.fineTunedWins()).isTrue();
        assertThat(s.pValue()).isLessThan(0.05);
        assertThat(s.fineTunedExactMatch().lower()).isGreaterThan(s.baseExactMatch().upper());
        assertThat(s.fineTunedModel()).startsWith("ft:" + s.baseModel());
        assertThat(s.servingModel()).isEqualTo(s.fineTunedModel());
        assertThat(s.reportHtml()).exists().isRegularFile();
        assertThat(Files.readString(s.reportHtml())).contains("<svg").contains(s.fineTunedModel());
        assertThat(s.reportJson()).exists();
        assertThat(s.abTestHtml()).exists();
        assertThat(dir.resolve("training_data/card_identification.jsonl")).exists();
        assertThat(dir.resolve("training_data/user_corrections.jsonl")).exists();
        assertThat(out).contains("== 1. Collect", "status succeeded", "guardrail CONTINUE", "at 100%",
            "OK: fine-tuning paid off on held-out data.");
    }

    @Test
    void run_twice_startsCleanAndGivesTheSameResult() {
        // given
        Path dir = temp.resolve("again");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Summary first = Quickstart.run(dir, Map.of(), quiet);

        // when
        Summary second = Quickstart.run(dir, Map.of(), quiet);

        // then
        assertThat(second.baseExactMatch()).isEqualTo(first.baseExactMatch());
        assertThat(second.fineTunedExactMatch()).isEqualTo(first.fineTunedExactMatch());
        assertThat(second.pValue()).isEqualTo(first.pValue());
    }

    @Test
    void run_directoryWithOtherFiles_refusesAndDeletesNothing() throws IOException {
        // given
        Path dir = Files.createDirectories(temp.resolve("mine"));
        Path precious = Files.writeString(dir.resolve("notes.txt"), "keep me");

        // when / then
        assertThatThrownBy(() -> Quickstart.run(dir, Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
            .isInstanceOf(SlabMlException.class)
            .hasMessageContaining("not made by the quickstart");
        assertThat(precious).hasContent("keep me");
    }
}
