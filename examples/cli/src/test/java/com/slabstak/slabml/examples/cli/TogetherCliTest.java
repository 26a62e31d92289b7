/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedBackends;
import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.together.SimulatedTogetherServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slabml} with {@code SLABML_FINE_TUNING_PROVIDER=together}: a 401, a 429 and an unknown job
 * end with the same exit codes as on OpenAI, and local verbs need no Together key.
 */
class TogetherCliTest {
    private static final String KEY = "tgp_v1_cli_key_0001";

    @TempDir
    Path temp;
    private CliHarness openAi;
    private SimulatedTogetherServer together;
    private final ManualClock clock = ManualClock.at(CliHarness.START);
    private final Map<String, String> env = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        openAi = new CliHarness(temp.resolve("openai"));
        together = new SimulatedTogetherServer(SimulatedBackends.create(clock, 42, SimulatedTogetherServer.BASE_MODELS)).start()
            .requireApiKey(KEY);
        env.put("SLABML_FINE_TUNING_PROVIDER", "together");
        env.put("TOGETHER_API_KEY", KEY);
        env.put("SLABML_TOGETHER_BASE_URL", together.baseUrl());
        env.put("SLABML_TOGETHER_MAX_RETRIES", "0");
        // Serving goes to Together's OpenAI-compatible chat completions through the openai inference provider.
        env.put("OPENAI_API_KEY", KEY);
        env.put("OPENAI_BASE_URL", together.baseUrl());
        env.put("SLABML_DATA_DIR", temp.resolve("together").toString());
        try {
            java.nio.file.Files.createDirectories(temp.resolve("together"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        together.close();
        openAi.close();
    }

    private final Map<String, String> properties = new LinkedHashMap<>();

    private CliHarness.Result runTogether(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SlabMlCli.run(new CliEnvironment(env, properties, new PrintWriter(out, true), new PrintWriter(err, true),
            false, clock, d -> { }), args);
        return new CliHarness.Result(code, out.toString(), err.toString());
    }

    @Test
    void wrongKey_listJobs_exitsThreeOnBothProvidersWithoutShowingTheKey() {
        env.put("TOGETHER_API_KEY", "tgp_v1_wrong_key_0002");
        openAi.env.put("OPENAI_API_KEY", "sk-wrong");

        CliHarness.Result onTogether = runTogether("list-jobs");
        CliHarness.Result onOpenAi = openAi.run("list-jobs");

        assertThat(onTogether.code()).as(onTogether.err()).isEqualTo(3).isEqualTo(onOpenAi.code());
        assertThat(onTogether.err()).startsWith("slabml: ").contains("HTTP 401").doesNotContain("tgp_v1_wrong_key_0002");
    }

    @Test
    void rateLimited_listJobs_exitsSixOnBothProviders() {
        together.inject("GET", "/fine-tunes", 1, HttpFault.status(429, "rate_limit_exceeded", "Too many requests"));
        openAi.server.inject("GET", "/fine_tuning/jobs", 1, HttpFault.status(429, "rate_limit_exceeded", "Too many requests"));

        CliHarness.Result onTogether = runTogether("list-jobs");
        CliHarness.Result onOpenAi = openAi.run("list-jobs");

        assertThat(onTogether.code()).as(onTogether.err()).isEqualTo(6).isEqualTo(onOpenAi.code());
        assertThat(onTogether.err().lines()).hasSize(1);
    }

    @Test
    void unknownJob_status_exitsThreeOnBothProviders() {
        CliHarness.Result onTogether = runTogether("status", "ft-does-not-exist");
        CliHarness.Result onOpenAi = openAi.run("status", "ftjob-does-not-exist");

        assertThat(onTogether.code()).as(onTogether.err()).isEqualTo(3).isEqualTo(onOpenAi.code());
        assertThat(onTogether.err()).contains("HTTP 404");
    }

    @Test
    void localVerb_withoutTogetherKey_runsButAProviderVerbNamesTheMissingKey() {
        env.remove("TOGETHER_API_KEY");
        env.remove("OPENAI_API_KEY");

        CliHarness.Result stats = runTogether("stats");
        CliHarness.Result list = runTogether("list-jobs");

        assertThat(stats.code()).as(stats.err()).isZero();
        assertThat(list.code()).isEqualTo(2);
        assertThat(list.err()).contains("slabml.together.api_key: required (environment variable TOGETHER_API_KEY)");
    }

    @Test
    void exportValidateEstimate_togetherBaseModelWithoutKey_workOfflineAndSayTheCountsAreEstimates() {
        // given: no key at all; a price declared for Together's default model, which publishes none here
        env.remove("TOGETHER_API_KEY");
        env.remove("OPENAI_API_KEY");
        String llama = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";
        properties.put("slabml.models", llama);
        properties.put("slabml.models." + llama + ".price", "0.48");
        properties.put("slabml.models." + llama + ".price_date", "2026-12-04");
        assertThat(runTogether("collect", openAi.samplesFile(temp, 80).toString()).code()).isZero();

        // when
        CliHarness.Result export = runTogether("export", "card_identification", "--json");
        String file = (String) export.json().get("training_file");
        CliHarness.Result validate = runTogether("validate", file, "--model", llama);
        CliHarness.Result estimate = runTogether("estimate", file, "--model", llama, "--json");
        CliHarness.Result estimateText = runTogether("estimate", file, "--model", llama);

        // then
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.json()).containsEntry("token_count", "estimate");
        assertThat(validate.code()).as(validate.err() + validate.out()).isZero();
        assertThat(estimate.code()).as(estimate.err()).isZero();
        assertThat(estimate.json()).containsEntry("token_count", "estimate");
        assertThat(estimateText.out()).contains(llama).containsIgnoringCase("estimate");
    }
}
