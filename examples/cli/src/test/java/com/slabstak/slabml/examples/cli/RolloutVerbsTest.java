/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutVerbsTest {
    private static final String TUNED = "ft:gpt-4o-mini-2024-07-18:acme:cards:abc123";

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
    @SuppressWarnings("unchecked")
    void rollout_startSetPromoteRollback_eachChangeLandsInTheHistoryWithItsReason() {
        CliHarness.Result start = cli.run("rollout", "start", TUNED, "--percent", "20", "--reason", "gate passed", "--json");
        CliHarness.Result set = cli.run("rollout", "set", "50", "--json");
        CliHarness.Result promote = cli.run("rollout", "promote", "--reason", "stage 2 clean", "--json");
        CliHarness.Result status = cli.run("rollout", "status");
        CliHarness.Result rollback = cli.run("rollout", "rollback", "--reason", "complaints", "--json");

        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.json()).containsEntry("candidate_model", TUNED).containsEntry("rollout_percent", 20);
        assertThat(set.json()).containsEntry("rollout_percent", 50);
        assertThat(promote.json()).containsEntry("rollout_percent", 100);
        assertThat(status.out()).contains("candidate " + TUNED + " at 100%").contains("stage 2 clean");
        assertThat(rollback.json()).containsEntry("rollout_percent", 0).containsEntry("candidate_model", null);
        List<Map<String, Object>> history = (List<Map<String, Object>>) rollback.json().get("history");
        assertThat(history).extracting(e -> e.get("action")).containsExactly("start", "set", "promote", "rollback");
        assertThat(history).extracting(e -> e.get("reason")).contains("gate passed", "complaints");
    }

    @Test
    void rollout_badInput_exitsTwoWithOneLine() {
        CliHarness.Result unknown = cli.run("rollout", "sideways");
        CliHarness.Result noModel = cli.run("rollout", "start");
        CliHarness.Result noCandidate = cli.run("rollout", "set", "50");

        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("slabml: ").contains("sideways");
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err()).contains("model");
        assertThat(noCandidate.code()).isEqualTo(2);
        assertThat(noCandidate.err()).contains("candidate");
    }

    @Test
    void loop_runOnceAndStatus_showWhereTheLoopIsAndWhatItWaitsFor() {
        assertThat(cli.run("collect", cli.samplesFile(temp, 20).toString()).code()).isZero();

        CliHarness.Result run = cli.run("loop", "run", "--once", "--json");
        CliHarness.Result status = cli.run("loop", "status");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.json()).containsEntry("step", "collect").containsEntry("round", 0)
            .containsEntry("task", "card_identification");
        assertThat((String) run.json().get("waiting_for")).contains("not ready");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("card_identification round 0: collect").contains("not ready");
        assertThat(cli.run("loop", "dance").code()).isEqualTo(2);
    }
}
