/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress of export, validate and upload: a bar on a terminal, plain lines with --progress, nothing otherwise. */
class VerbProgressTest {
    @TempDir
    Path temp;

    private CliHarness cli;

    @BeforeEach
    void start() {
        cli = new CliHarness(temp);
        assertThat(cli.run("collect", cli.samplesFile(temp, 120).toString()).code()).isZero();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private Path exported() {
        CliHarness.Result r = cli.run("export", "card_identification", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return Path.of((String) r.json().get("training_file"));
    }

    @Test
    void export_progressForcedOffATerminal_printsEachStepToTheEndAsPlainLines() {
        CliHarness.Result r = cli.run("export", "card_identification", "--progress");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("\r")
            .contains("export read [########################] 100% 120/120", "export write [########################] 100% 120/120", "samples/s",
                "export check [########################] 100%", "MB/s");
        assertThat(r.out()).contains("Exported card_identification");
    }

    @Test
    void export_notATerminal_printsNoProgress() {
        CliHarness.Result r = cli.run("export", "card_identification");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validate_onATerminal_drawsTheBytesCheckedInPlace() {
        Path file = exported();
        cli.terminal = true;

        CliHarness.Result r = cli.run("validate", file.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("\rvalidate check [", "100%", "MB/s");
    }

    @Test
    void validate_quietOnATerminal_printsNoProgress() {
        Path file = exported();
        cli.terminal = true;

        CliHarness.Result r = cli.run("validate", file.toString(), "--quiet");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validate_progressForced_printsPlainLines() {
        Path file = exported();

        CliHarness.Result r = cli.run("validate", file.toString(), "--progress");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("\r").contains("validate check [", "100%");
    }

    @Test
    void upload_progressForced_saysWhatItSendsAndThatTheProviderTellsNoProgress() {
        Path file = exported();

        CliHarness.Result r = cli.run("upload", file.toString(), "--progress");
        CliHarness.Result quiet = cli.run("upload", file.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("upload: checking and sending", "MB (the provider reports no progress)", "ended");
        assertThat(r.out()).contains("Uploaded");
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void plainLines_advancingTotal_printAtEachTenthWithRateAndTimeLeft() {
        // given a clock that moves one second per reading, and forced plain lines
        StringWriter text = new StringWriter();
        Clock clock = new Clock() {
            private Instant now = Instant.parse("2026-11-20T10:00:00Z");

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                now = now.plus(Duration.ofSeconds(1));
                return now;
            }
        };
        CliEnvironment env = new CliEnvironment(Map.of(), Map.of(), new PrintWriter(text), new PrintWriter(text, true),
            false, clock, d -> { });
        Progress.Options forced = new Progress.Options();
        forced.force = true;
        Progress p = Progress.on(env, forced, "copy", "samples");

        // when 1,000 items advance one at a time
        p.start(1_000);
        for (int i = 1; i <= 1_000; i++) {
            p.advance(i);
        }
        p.finish();

        // then: one line at the start and one per tenth, the last complete, the others with a time left
        String[] lines = text.toString().split("\n");
        assertThat(lines).hasSize(11);
        assertThat(lines[1]).startsWith("copy [##").contains("10% 100/1,000", "samples/s", "ETA ");
        assertThat(lines[10]).contains("100% 1,000/1,000").doesNotContain("ETA");
    }
}
