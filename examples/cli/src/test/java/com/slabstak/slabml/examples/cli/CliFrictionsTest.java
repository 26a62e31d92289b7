/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frictions a newcomer met on the command line, each pinned down. */
class CliFrictionsTest {
    @TempDir
    Path temp;

    private CliHarness cli;

    @BeforeEach
    void start() {
        cli = new CliHarness(temp);
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void stats_mistypedDataDir_exitsTwoNamingTheDirectoryAndCreatesNothing() {
        Path typo = temp.resolve("slabml-dta");

        CliHarness.Result r = cli.run("stats", "--data-dir", typo.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).startsWith("slabml: ").contains("--data-dir", "no such data directory", typo.toString());
        assertThat(typo).doesNotExist();
    }

    @Test
    void analyze_htmlInMissingDirectory_exitsTwoAndCreatesNoDirectory() {
        assertThat(cli.run("collect", cli.samplesFile(temp, 3).toString()).code()).isZero();
        Path html = temp.resolve("no-such-dir").resolve("report.html");

        CliHarness.Result r = cli.run("analyze", "--html", html.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("--html", "no such directory", html.getParent().toString());
        assertThat(html.getParent()).doesNotExist();
    }

    @Test
    void analyze_htmlIsADirectory_exitsTwoSayingSoWithoutTemporaryNames() throws Exception {
        assertThat(cli.run("collect", cli.samplesFile(temp, 3).toString()).code()).isZero();
        Path dir = Files.createDirectories(temp.resolve("reports"));

        CliHarness.Result r = cli.run("analyze", "--html", dir.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("is a directory", dir.toString()).doesNotContain(".tmp");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void analyze_html_writesTheJsonWithHtmlReplacedByJson() {
        assertThat(cli.run("collect", cli.samplesFile(temp, 3).toString()).code()).isZero();
        Path html = temp.resolve("x.html");

        CliHarness.Result r = cli.run("analyze", "--html", html.toString());
        CliHarness.Result help = cli.run("analyze", "--help");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(html).exists();
        assertThat(temp.resolve("x.json")).exists();
        assertThat(temp.resolve("x.html.json")).doesNotExist();
        assertThat(help.out()).contains("x.json").doesNotContain("FILE.json");
    }

    @Test
    void validate_directoryInsteadOfFile_saysItIsADirectory() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("train.jsonl"));

        CliHarness.Result r = cli.run("validate", dir.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("is a directory").doesNotContain("no such file");
    }

    @Test
    void version_printsTheBuildsProjectVersion() {
        CliHarness.Result r = cli.run("--version");

        assertThat(r.code()).isZero();
        assertThat(r.out().trim()).isEqualTo("slabml " + SlabMlCli.Version.value());
        assertThat(SlabMlCli.Version.value()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void uploadThenCreate_followingTheHints_registersTheModelForTheExportedTask() {
        assertThat(cli.run("collect", cli.samplesFile(temp, 120).toString()).code()).isZero();
        CliHarness.Result export = cli.run("export", "card_identification", "--json");
        String trainingFile = (String) export.json().get("training_file");

        CliHarness.Result upload = cli.run("upload", trainingFile);
        String hint = upload.out().lines().filter(l -> l.startsWith("Next: ")).findFirst().orElseThrow();

        assertThat(hint).endsWith("--task card_identification");
        String[] words = hint.substring("Next: slabml ".length()).replace("<suffix>", "card-id").split(" ");
        CliHarness.Result create = cli.run(words);
        assertThat(create.code()).as(create.err()).isZero();
        assertThat(create.err()).isEmpty();
    }

    @Test
    void create_withoutTask_saysTheModelWillNotBeRegistered() {
        assertThat(cli.run("collect", cli.samplesFile(temp, 120).toString()).code()).isZero();
        String trainingFile = (String) cli.run("export", "card_identification", "--json").json().get("training_file");
        String fileId = (String) cli.run("upload", trainingFile, "--json").json().get("id");

        CliHarness.Result create = cli.run("create", fileId, "gpt-4o-mini-2024-07-18", "card-id");

        assertThat(create.code()).as(create.err()).isZero();
        assertThat(create.err()).contains("--task", "not registered");
    }

    @Test
    void collect_badJsonAfterABlankLine_namesTheFileAndTheRealLineOnce() throws IOException {
        Path samples = cli.samplesFile(temp, 3);
        List<String> lines = new ArrayList<>(Files.readAllLines(samples));
        lines.add(1, "");
        lines.set(3, "{not json");
        CliHarness.write(samples, lines);

        CliHarness.Result r = cli.run("collect", samples.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).startsWith("slabml: " + samples + " line 4: not a JSON object");
        assertThat(r.err().split("line ", -1)).hasSize(2);
    }

    @Test
    void collect_hugeLine_saysHowLongALineMayBeWithoutParserInternals() throws IOException {
        Path samples = temp.resolve("huge.jsonl");
        byte[] big = new byte[JsonLines.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        Files.write(samples, ("{\"task\":\"card_identification\"}\n").getBytes(StandardCharsets.UTF_8));
        Files.write(samples, big, java.nio.file.StandardOpenOption.APPEND);

        CliHarness.Result r = cli.run("collect", samples.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("line 2", "longer than 16,777,216 bytes").doesNotContain("StreamReadConstraints");
    }

    @Test
    void collect_emptyFile_saysItIsEmptyWithoutALineZero() throws IOException {
        Path empty = Files.createFile(temp.resolve("empty.jsonl"));

        CliHarness.Result r = cli.run("collect", empty.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("the file is empty").doesNotContain("line 0");
    }

    @Test
    void collect_invalidUtf8OnLineThree_namesTheLine() throws IOException {
        Path samples = cli.samplesFile(temp, 4);
        List<String> lines = Files.readAllLines(samples);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            bytes.write(lines.get(i).getBytes(StandardCharsets.UTF_8));
            if (i == 2) {
                bytes.write(new byte[] {(byte) 0xC3, (byte) 0x28});
            }
            bytes.write('\n');
        }
        Files.write(samples, bytes.toByteArray());

        CliHarness.Result r = cli.run("collect", samples.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("line 3: not valid UTF-8");
    }

    @Test
    void collect_onATerminal_drawsProgressWithThroughputOnStandardError() {
        cli.terminal = true;

        CliHarness.Result r = cli.run("collect", cli.samplesFile(temp, 50).toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("\rcollect [########################] 100% 50/50", "samples/s", "\rread");
        assertThat(r.out()).contains("Collected 50 samples");
    }

    @Test
    void collect_notATerminal_printsNoProgress() {
        CliHarness.Result r = cli.run("collect", cli.samplesFile(temp, 50).toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }
}
