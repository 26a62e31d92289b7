/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.JobError;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlabMlCliTest {
    private static final String MODEL = "gpt-4o-mini-2024-07-18";

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

    /** Collects samples and exports them; returns the training file. */
    private Path exported() {
        assertThat(cli.run("collect", cli.samplesFile(temp, 120).toString()).code()).isZero();
        CliHarness.Result export = cli.run("export", "card_identification", "--json");
        assertThat(export.code()).as(export.err()).isZero();
        return Path.of((String) export.json().get("training_file"));
    }

    private String uploaded() {
        CliHarness.Result r = cli.run("upload", exported().toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return (String) r.json().get("id");
    }

    private String created() {
        CliHarness.Result r = cli.run("create", uploaded(), MODEL, "slabstak-card-id", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return (String) r.json().get("id");
    }

    @Test
    void collectStatsExport_samplesFile_storesSamplesAndExportsASplit() {
        // given
        Path samples = cli.samplesFile(temp, 120);

        // when
        CliHarness.Result collect = cli.run("collect", samples.toString(), "--json");
        CliHarness.Result stats = cli.run("stats", "--json");
        CliHarness.Result text = cli.run("stats");
        CliHarness.Result export = cli.run("export", "card_identification", "--validation-fraction", "0.2", "--json");

        // then
        assertThat(collect.code()).as(collect.err()).isZero();
        assertThat(collect.json()).containsEntry("collected", 120);
        assertThat(stats.json()).containsEntry("total_samples", 120);
        assertThat(stats.json().get("readiness").toString()).contains("ready=true");
        assertThat(stats.json()).containsKey("diversity");
        assertThat(text.out()).contains("Readiness:", "card_identification", "Duplicates:");
        assertThat(export.code()).as(export.err()).isZero();
        int train = (Integer) export.json().get("training_examples");
        int validation = (Integer) export.json().get("validation_examples");
        assertThat(train + validation).isLessThanOrEqualTo(120);
        assertThat(validation).isBetween(15, 30);
        assertThat(Path.of((String) export.json().get("training_file"))).exists();
    }

    @Test
    void stats_storedLineCorrupted_showsTheSkippedLineWithFileLineAndReason() throws IOException {
        assertThat(cli.run("collect", cli.samplesFile(temp, 10).toString()).code()).isZero();
        Path stored = cli.dataDir.resolve("training_data/card_identification.jsonl");
        List<String> lines = new ArrayList<>(readLines(stored));
        lines.set(4, "{\"id\":\"x\",\"task\":");
        CliHarness.write(stored, lines);

        CliHarness.Result text = cli.run("stats");
        CliHarness.Result json = cli.run("stats", "--json");

        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("Skipped lines: 1", "training_data/card_identification.jsonl line 5:");
        assertThat(json.json()).containsEntry("total_samples", 9);
        assertThat(json.json().get("skipped_lines").toString())
            .contains("file=training_data/card_identification.jsonl", "line=5");
    }

    @Test
    void collect_badLine_exitsTwoNamingTheLineAndStoresNothing() {
        // given
        Path samples = cli.samplesFile(temp, 5);
        List<String> lines = new ArrayList<>(readLines(samples));
        lines.set(3, "{\"task\":\"card_identification\",\"input\":{\"ocr_text\":\"\"},\"output\":{}}");
        CliHarness.write(samples, lines);

        // when
        CliHarness.Result r = cli.run("collect", samples.toString());

        // then
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("slabml: ").contains("line 4");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(cli.run("stats", "--json").json()).containsEntry("total_samples", 0);
    }

    @Test
    void validateAndEstimate_exportedFile_reportValidAndTokenDistribution() {
        // given
        Path file = exported();

        // when
        CliHarness.Result validate = cli.run("validate", file.toString(), "--json");
        CliHarness.Result estimate = cli.run("estimate", file.toString(), "--epochs", "3", "--json");
        CliHarness.Result text = cli.run("estimate", file.toString());

        // then
        assertThat(validate.code()).as(validate.err()).isZero();
        assertThat(validate.json()).containsEntry("valid", true);
        assertThat(estimate.code()).isZero();
        assertThat(estimate.json()).containsEntry("epochs", 3).containsEntry("model", MODEL);
        @SuppressWarnings("unchecked")
        Map<String, Object> dist = (Map<String, Object>) estimate.json().get("tokens_per_example");
        assertThat(((Number) dist.get("min")).longValue()).isPositive()
            .isLessThanOrEqualTo(((Number) dist.get("max")).longValue());
        assertThat(text.out()).contains("tokens per example", "estimated cost", "$");
    }

    @Test
    void validate_fileWithBadLines_exitsTwoWithLineNumbers() {
        // given
        Path bad = CliHarness.write(temp.resolve("bad.jsonl"), List.of(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"yo\"}]}",
            "not json",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

        // when
        CliHarness.Result r = cli.run("validate", bad.toString());

        // then
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("line 2", "line 3");
        assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("slabml: ");
    }

    @Test
    void uploadCreateStatusWaitCheckpoints_happyPath_jobSucceedsWithProgressLines() {
        // given
        String fileId = uploaded();

        // when
        CliHarness.Result create = cli.run("create", fileId, MODEL, "slabstak-card-id", "--epochs", "2",
            "--batch-size", "auto", "--learning-rate-multiplier", "1.5", "--seed", "7", "--metadata", "team=cards",
            "--task", "card_identification", "--json");
        String jobId = (String) create.json().get("id");
        CliHarness.Result status = cli.run("status", jobId, "--json");
        CliHarness.Result wait = cli.run("wait", jobId, "--poll", "30s");
        CliHarness.Result done = cli.run("status", jobId, "--json");
        CliHarness.Result checkpoints = cli.run("checkpoints", jobId, "--json");

        // then
        assertThat(create.code()).as(create.err()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> hp = (Map<String, Object>) create.json().get("hyperparameters");
        assertThat(hp).containsEntry("n_epochs", 2);
        assertThat(((Number) hp.get("learning_rate_multiplier")).doubleValue()).isEqualTo(1.5);
        assertThat(create.json()).containsEntry("seed", 7);
        assertThat(status.json()).containsEntry("id", jobId);
        assertThat(wait.code()).as(wait.err()).isZero();
        assertThat(wait.out()).contains("status running", "step ", "train loss", "succeeded: ft:" + MODEL)
            .doesNotContain("\r");
        assertThat(done.json()).containsEntry("status", "succeeded");
        assertThat(checkpoints.code()).isZero();
        assertThat(checkpoints.jsonList()).isNotEmpty().allSatisfy(c -> assertThat(c).containsKey("metrics"));
    }

    @Test
    void wait_onATerminal_redrawsOneProgressLineWithLossesElapsedAndEta() {
        // given
        String jobId = created();
        cli.terminal = true;

        // when
        CliHarness.Result wait = cli.run("wait", jobId, "--poll", "30s");

        // then
        assertThat(wait.code()).as(wait.err()).isZero();
        assertThat(wait.out()).contains("\r").contains("step ").contains("train loss").contains("valid loss")
            .contains("elapsed").contains("ETA");
    }

    @Test
    void wait_restartedAfterATimeout_secondInvocationResumesAndFinishes() {
        // given
        String jobId = created();

        // when
        CliHarness.Result first = cli.run("wait", jobId, "--timeout", "4m", "--poll", "30s");
        CliHarness.Result second = cli.run("wait", jobId, "--poll", "30s", "--json");

        // then
        assertThat(first.code()).isEqualTo(5);
        assertThat(first.err()).startsWith("slabml: ").contains(jobId).contains("resume");
        assertThat(first.err().lines()).hasSize(1);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.json()).containsEntry("status", "succeeded");
        assertThat((String) second.json().get("fine_tuned_model")).startsWith("ft:" + MODEL);
    }

    @Test
    void wait_failedJob_exitsFourWithTheJobsError() {
        // given
        cli.fineTuning.faults().failNextJob(new JobError("invalid_training_file", "Training file is malformed", "training_file"));
        String jobId = created();

        // when
        CliHarness.Result r = cli.run("wait", jobId, "--poll", "30s");

        // then
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).isEqualTo("slabml: job " + jobId + " failed: invalid_training_file: Training file is malformed"
            + " (param training_file)" + System.lineSeparator());
    }

    @Test
    void create_403_exitsThreeExplainingFineTuningIsUnavailable() {
        // given
        String fileId = uploaded();
        cli.server.inject("POST", "/fine_tuning/jobs", 1, HttpFault.status(403, null, "You have been blocked"));

        // when
        CliHarness.Result r = cli.run("create", fileId, MODEL, "slabstak-card-id");

        // then
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).startsWith("slabml: ").containsIgnoringCase("fine-tuning").contains("403");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("sk-test").doesNotContain("Exception");
    }

    @Test
    void listJobs_dailyRateLimit_exitsSixSayingItIsDaily() {
        // given
        cli.server.inject("GET", "/fine_tuning/jobs", 1,
            HttpFault.status(429, "daily_rate_limit_exceeded", "You exceeded your daily limit"));

        // when
        CliHarness.Result r = cli.run("list-jobs");

        // then
        assertThat(r.code()).isEqualTo(6);
        assertThat(r.err()).startsWith("slabml: ").containsIgnoringCase("daily");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(cli.server.requests("GET", "/fine_tuning/jobs")).hasSize(1);
    }

    @Test
    void listJobs_limit_asksForAndShowsOnlyThatMany() {
        // given
        String fileId = uploaded();
        for (int i = 0; i < 3; i++) {
            assertThat(cli.run("create", fileId, MODEL, "s" + i).code()).isZero();
        }

        // when
        CliHarness.Result limited = cli.run("list-jobs", "--limit", "2", "--json");
        CliHarness.Result all = cli.run("list-jobs");

        // then
        assertThat(limited.jsonList()).hasSize(2);
        List<RecordedRequest> lists = cli.server.requests("GET", "/fine_tuning/jobs");
        assertThat(lists.get(0).queryParam("limit")).contains("2");
        assertThat(lists.get(1).queryParam("limit")).contains("20");
        assertThat(all.out().lines().filter(l -> l.startsWith("ftjob-"))).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-3"})
    void listJobs_limitOutOfRange_exitsTwo(String limit) {
        // when
        CliHarness.Result r = cli.run("list-jobs", "--limit", limit);

        // then
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("slabml: limit").contains(limit);
        assertThat(cli.server.requests()).isEmpty();
    }

    @Test
    void listModels_modelInUseNearShutdown_warnsAndShowsDates() {
        // when
        CliHarness.Result text = cli.run("list-models");
        CliHarness.Result json = cli.run("list-models", "--limit", "2", "--json");

        // then
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("SHUTDOWN", CliHarness.NEAR_SHUTDOWN.toString())
            .contains("Warning: model " + MODEL + " in use shuts down on " + CliHarness.NEAR_SHUTDOWN);
        assertThat(json.json().get("warnings").toString()).contains(MODEL);
        assertThat((List<?>) json.json().get("models")).hasSize(2);
    }

    @Test
    void cancel_runningJob_isCancelled() {
        // given
        String jobId = created();

        // when
        CliHarness.Result r = cli.run("cancel", jobId, "--json");

        // then
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json()).containsEntry("status", "cancelled");
        assertThat(cli.run("wait", jobId).code()).isEqualTo(4);
    }

    @Test
    void pauseAndResume_runningJob_pausesThenRunsAgain() {
        // given: a running job; "paused" is outside the SDK's strict status enum, so as in production
        // the SDK's response validation is off
        cli.systemProperties.put("slabml.openai.response_validation", "false");
        String jobId = created();
        cli.fineTuning.advance(java.time.Duration.ofMinutes(4));

        // when
        CliHarness.Result paused = cli.run("pause", jobId, "--json");
        CliHarness.Result resumed = cli.run("resume", jobId, "--json");

        // then
        assertThat(paused.code()).as(paused.err()).isZero();
        assertThat(paused.json()).containsEntry("status", "paused");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.json().get("status")).isNotEqualTo("paused");
    }

    @Test
    void deleteModel_baseModel_isRefusedAsInvalidInput() {
        // when
        CliHarness.Result r = cli.run("delete-model", MODEL);

        // then
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("slabml: ").doesNotContain("\n\tat ");
    }

    @Test
    void evaluateAndAbTest_predictionFiles_reportAccuracyAndWriteHtmlAndJson() throws IOException {
        // given
        CardSampleGenerator gen = CardSampleGenerator.create(11);
        List<String> truth = new ArrayList<>();
        List<String> good = new ArrayList<>();
        List<String> poor = new ArrayList<>();
        int i = 0;
        for (CardSampleGenerator.CardSample c : gen.cards(60)) {
            truth.add(CliJson.write(c.output()));
            good.add(CliJson.write(c.output()));
            poor.add(CliJson.write(i++ % 3 == 0 ? c.output() : c.card().toBuilder().player("Someone Else").build().toMap()));
        }
        Path t = CliHarness.write(temp.resolve("truth.jsonl"), truth);
        Path a = CliHarness.write(temp.resolve("a.jsonl"), poor);
        Path b = CliHarness.write(temp.resolve("b.jsonl"), good);
        Path html = temp.resolve("reports/ab.html");
        Files.createDirectories(html.getParent());

        // when
        CliHarness.Result evaluate = cli.run("evaluate", b.toString(), t.toString(), "--json");
        CliHarness.Result ab = cli.run("ab-test", a.toString(), b.toString(), t.toString(), "--name-a", "base",
            "--name-b", "tuned", "--html", html.toString(), "--json");
        CliHarness.Result text = cli.run("ab-test", a.toString(), b.toString(), t.toString());

        // then
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(evaluate.json().get("exact_match").toString()).contains("rate=1.0");
        assertThat(ab.code()).as(ab.err()).isZero();
        assertThat(ab.json()).containsEntry("winner", "tuned").containsEntry("significant", true);
        assertThat(((Number) ab.json().get("p_value")).doubleValue()).isLessThan(0.001);
        assertThat(html).exists();
        assertThat(Files.readString(html)).contains("<svg");
        assertThat(temp.resolve("reports/ab.json")).exists();
        assertThat(text.out()).contains("p = ", "Winner: B");
    }

    @Test
    void evaluate_filesOfDifferentLength_exitsTwo() {
        // given
        Path a = CliHarness.write(temp.resolve("a.jsonl"), List.of("{\"player\":\"A\"}"));
        Path t = CliHarness.write(temp.resolve("t.jsonl"), List.of("{\"player\":\"A\"}", "{\"player\":\"B\"}"));

        // when
        CliHarness.Result r = cli.run("evaluate", a.toString(), t.toString());

        // then
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void analyzeAndModels_emptyInstallation_writeReportAndShowBaseModels() throws IOException {
        // given
        Path html = temp.resolve("out/report.html");
        Files.createDirectories(html.getParent());
        Files.createDirectories(cli.dataDir);

        // when
        CliHarness.Result analyze = cli.run("analyze", "--month", "202611", "--html", html.toString(), "--json");
        CliHarness.Result models = cli.run("models", "--json");
        CliHarness.Result modelsText = cli.run("models");

        // then
        assertThat(analyze.code()).as(analyze.err()).isZero();
        assertThat(analyze.json()).containsEntry("month", "202611").containsEntry("total_predictions", 0);
        assertThat(html).exists();
        assertThat(temp.resolve("out/report.json")).exists();
        assertThat(models.jsonList()).extracting(m -> m.get("task"))
            .contains("card_identification", "listing_generation");
        assertThat(models.jsonList()).allSatisfy(m -> assertThat(m).containsEntry("serving", MODEL));
        assertThat(modelsText.out()).contains("card_identification: base " + MODEL);
    }

    @Test
    void localVerbs_withoutApiKey_needNoCredentialsButProviderVerbsExitTwo() throws IOException {
        // given
        cli.env.remove("OPENAI_API_KEY");
        Files.createDirectories(cli.dataDir);

        // when
        CliHarness.Result stats = cli.run("stats");
        CliHarness.Result list = cli.run("list-jobs");

        // then
        assertThat(stats.code()).as(stats.err()).isZero();
        assertThat(list.code()).isEqualTo(2);
        assertThat(list.err()).isEqualTo("slabml: OpenAI provider is not configured: slabml.openai.api_key: required "
            + "(environment variable OPENAI_API_KEY), or configure Azure OpenAI with slabml.openai.azure.endpoint and "
            + "slabml.openai.azure.api_key" + System.lineSeparator());
    }

    @Test
    void wrongKey_providerRefuses_exitsThree() {
        // given
        cli.env.put("OPENAI_API_KEY", "sk-wrong");

        // when
        CliHarness.Result r = cli.run("list-jobs");

        // then
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).doesNotContain("sk-wrong");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "upload|missing.jsonl",
        "create|file-1|" + MODEL + "|bad/suffix",
        "create|file-1|" + MODEL + "|ok|--epochs|many",
        "create|file-1|" + MODEL + "|ok|--learning-rate-multiplier|-1",
        "create|file-1|" + MODEL + "|ok|--seed|-5",
        "wait|job-1|--timeout|soon",
        "analyze|--month|2024",
        "export|Not A Task",
        "status",
        "frobnicate",
        "list-jobs|--limit|many"
    })
    void invalidInput_anyVerb_exitsTwoWithOneLine(String joined) {
        // when
        CliHarness.Result r = cli.run(joined.split("\\|"));

        // then
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("slabml: ");
        assertThat(cli.server.requests("POST", "/fine_tuning/jobs")).isEmpty();
    }

    @Test
    void verbose_error_printsTheStackTraceToo() {
        // when
        CliHarness.Result r = cli.run("upload", "missing.jsonl", "--verbose");

        // then
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("slabml: ").contains("InvalidInputException").contains("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"collect", "stats", "export", "validate", "estimate", "upload", "create", "status", "wait",
        "cancel", "pause", "resume", "list-jobs", "list-models", "delete-model", "checkpoints", "evaluate", "ab-test",
        "analyze", "models"})
    void help_everyVerb_printsUsageWithJsonOptionAndExitsZero(String verb) {
        // when
        CliHarness.Result r = cli.run(verb, "--help");

        // then
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: slabml " + verb).contains("--json").contains("--help");
    }

    @Test
    void commandLine_namedVerb_buildsThatVerbOnly() {
        CliEnvironment env = CliEnvironment.system();

        assertThat(SlabMlCli.commandLine(env, "stats", "--json").getSubcommands()).containsOnlyKeys("stats");
        assertThat(SlabMlCli.commandLine(env, "store", "copy").getSubcommands().get("store").getSubcommands())
            .containsOnlyKeys("copy");
    }

    @Test
    void commandLine_noVerbHelpOrUnknownVerb_buildsEveryVerbInOrder() {
        CliEnvironment env = CliEnvironment.system();

        for (String[] args : new String[][] {{}, {"--help"}, {"stauts"}}) {
            assertThat(SlabMlCli.commandLine(env, args).getSubcommands().keySet()).as(String.join(" ", args))
                .containsExactlyElementsOf(SlabMlCli.VERBS.keySet());
        }
        assertThat(SlabMlCli.VERBS).hasSize(25).containsKeys("collect", "rollout", "loop", "store", "dev-server");
    }

    @Test
    void run_mistypedVerb_suggestsTheVerbMeant() {
        CliHarness.Result r = cli.run("stauts");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("stauts").contains("status");
    }

    @Test
    void help_root_listsEveryVerb() {
        CliHarness.Result r = cli.run("--help");

        assertThat(r.code()).isZero();
        for (String verb : SlabMlCli.VERBS.keySet()) {
            assertThat(r.out()).contains("  " + verb + " ");
        }
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
