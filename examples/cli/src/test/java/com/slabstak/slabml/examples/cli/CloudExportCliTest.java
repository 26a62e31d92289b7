/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slabml export --format vertex|bedrock}: the same split in each cloud's tuning format. */
class CloudExportCliTest {
    @TempDir
    Path temp;

    private CliHarness cli;

    @BeforeEach
    void start() {
        cli = new CliHarness(temp);
        assertThat(cli.run("collect", cli.samplesFile(temp, 80).toString()).code()).isZero();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void export_formatVertex_writesContentsPartsLinesWithTheOpenAiSplit() throws IOException {
        // when
        CliHarness.Result openai = cli.run("export", "card_identification", "--json");
        CliHarness.Result vertex = cli.run("export", "card_identification", "--format", "vertex", "--json");

        // then
        assertThat(vertex.code()).as(vertex.err()).isZero();
        assertThat(vertex.json()).containsEntry("format", "vertex").containsEntry("training_tokens_estimated", true)
            .containsEntry("training_examples", openai.json().get("training_examples"))
            .containsEntry("validation_examples", openai.json().get("validation_examples"));
        Path file = Path.of((String) vertex.json().get("training_file"));
        assertThat(file.getFileName().toString()).endsWith("_vertex_train.jsonl");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize((Integer) openai.json().get("training_examples"))
            .allSatisfy(l -> assertThat(l).startsWith("{\"systemInstruction\":{\"parts\":[{\"text\":")
                .contains("\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":")
                .contains("{\"role\":\"model\",\"parts\":[{\"text\":"));
    }

    @Test
    void export_formatBedrock_printsTheNextStepForS3() throws IOException {
        // when
        CliHarness.Result bedrock = cli.run("export", "card_identification", "--format", "bedrock");

        // then
        assertThat(bedrock.code()).as(bedrock.err()).isZero();
        assertThat(bedrock.out()).contains("_bedrock_train.jsonl", "about ", "S3 bucket", "Bedrock model customization");
        try (var files = Files.list(cli.dataDir.resolve("training_data").resolve("exports"))) {
            Path train = files.filter(p -> p.getFileName().toString().endsWith("_bedrock_train.jsonl")).findFirst().orElseThrow();
            assertThat(Files.readAllLines(train)).allSatisfy(l -> assertThat(l)
                .startsWith("{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":[{\"text\":"));
        }
    }

    @Test
    void export_unknownFormat_exitsTwoNamingIt() {
        CliHarness.Result r = cli.run("export", "card_identification", "--format", "sagemaker");

        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("sagemaker");
    }
}
