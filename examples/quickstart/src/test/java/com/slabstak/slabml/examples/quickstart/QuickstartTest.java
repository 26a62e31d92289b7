/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        assertThat(out).contains("== 1. Collect", "held-out set: 150 cards frozen", "status succeeded",
            "loop evaluated: round 1", "loop promoted: round 1", "goes to 50%: guardrail: candidate not worse",
            "goes to 100%", "loop serving: round 1", "at 100%", "OK: fine-tuning paid off on held-out data.");
        assertThat(s.baseExactMatch().total()).isEqualTo(150);
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

    @Test
    void run_openAiKeySetWithoutLive_staysOfflineAndSaysTheKeyIsIgnored() {
        // given: a key in the environment, and a server that would count every request
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SimulatedOpenAiServer server = new SimulatedOpenAiServer().start()) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test-quickstart", "OPENAI_BASE_URL", server.baseUrl());

            // when
            Summary s = Quickstart.run(temp.resolve("keyed"), env, new PrintStream(bytes, true, StandardCharsets.UTF_8));

            // then: nothing reached the server, and the first lines say why
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(out).startsWith("SlabML quickstart: the whole fine-tuning loop, offline on the simulated backend: "
                + "it costs nothing").contains("OPENAI_API_KEY is set but ignored: pass --live");
            assertThat(server.requests()).isEmpty();
            assertThat(s.fineTunedWins()).isTrue();
        }
    }

    @Test
    void run_liveWithoutKey_refusesBeforeDoingAnything() {
        assertThatThrownBy(() -> Quickstart.run(temp.resolve("nokey"), Map.of(Quickstart.LIVE, "true"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
            .hasMessageContaining("--live").hasMessageContaining("OPENAI_API_KEY");
        assertThat(temp.resolve("nokey")).doesNotExist();
    }

    @Test
    void run_openAiKeySet_runsTheWholeLoopThroughTheOpenAiProviderAgainstALocalServer() {
        // given: a fake OpenAI server on 127.0.0.1 whose fine-tuning jobs run on simulated time
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path dir = temp.resolve("openai");
        try (SimulatedOpenAiServer server = new SimulatedOpenAiServer().start()) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test-quickstart", "OPENAI_BASE_URL", server.baseUrl(),
                Quickstart.LIVE, "true");

            // when
            Summary s = Quickstart.run(dir, env, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Duration.ofMillis(20), Duration.ofMillis(200));

            // then: every step went over HTTP through the real SDK
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertThat(out).startsWith("SlabML quickstart: LIVE on OpenAI").contains("backend        : OpenAI (--live)", "status succeeded");
            assertThat(s.fineTunedModel()).startsWith("ft:" + s.baseModel());
            assertThat(s.servingModel()).isEqualTo(s.fineTunedModel());
            assertThat(s.reportHtml()).exists();
            assertThat(server.requests("POST", "/files")).isNotEmpty();
            assertThat(server.requests("POST", "/fine_tuning/jobs")).hasSize(1);
            assertThat(server.requests("POST", "/chat/completions")).hasSizeGreaterThan(300);
            assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("authorization"))
                .contains("Bearer sk-test-quickstart"));
        }
    }
}
