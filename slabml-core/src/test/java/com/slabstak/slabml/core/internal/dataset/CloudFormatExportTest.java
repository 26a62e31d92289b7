/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static com.slabstak.slabml.core.internal.dataset.Fixtures.cardSample;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.distinctCard;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.ocrOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ExportFormat;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationFinding.Severity;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.spi.SampleStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudFormatExportTest {
    @TempDir
    Path dir;

    private final SampleStore store = MemoryStores.create().samples();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);

    private DefaultDatasetExporter exporter() {
        return new DefaultDatasetExporter(store, Map.of(TaskName.CARD_IDENTIFICATION, new TestTasks.Cards()),
            dir.resolve("exports"), clock,
            ExportOptions.defaults().toBuilder().modelCatalog(com.slabstak.slabml.core.testing.TestCatalog.create()).build());
    }

    private void addDistinctCards(int n) {
        for (int i = 0; i < n; i++) {
            store.append(cardSample(ocrOf(distinctCard(i)), distinctCard(i)).build());
        }
    }

    private ExportResult export(ExportFormat format) {
        return exporter().export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION)
            .validationFraction(0.10).seed(7).format(format).build());
    }

    private static List<Map<String, Object>> read(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(Json::readObject).collect(Collectors.toList());
        }
    }

    /** The user text and answer of each line, in any of the three formats. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> conversations(Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Object> line : read(file)) {
            List<String> texts = new ArrayList<>();
            if (line.containsKey("contents")) {
                for (Map<String, Object> c : (List<Map<String, Object>>) line.get("contents")) {
                    texts.add(((List<Map<String, Object>>) c.get("parts")).get(0).get("text").toString());
                }
            } else if (line.containsKey("schemaVersion")) {
                for (Map<String, Object> m : (List<Map<String, Object>>) line.get("messages")) {
                    texts.add(((List<Map<String, Object>>) m.get("content")).get(0).get("text").toString());
                }
            } else {
                for (Map<String, Object> m : (List<Map<String, Object>>) line.get("messages")) {
                    if (!m.get("role").equals("system")) {
                        texts.add(m.get("content").toString());
                    }
                }
            }
            out.add(texts);
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void export_vertex_writesContentsAndPartsWithTheSameSplitAsOpenAi() throws IOException {
        // given
        addDistinctCards(60);
        ExportResult openai = export(ExportFormat.OPENAI);

        // when
        ExportResult vertex = export(ExportFormat.VERTEX);

        // then
        assertThat(vertex.trainingFile().getFileName().toString())
            .isEqualTo("card_identification_export_20261124T150000_vertex_train.jsonl");
        assertThat(vertex.validationFile().orElseThrow().getFileName().toString())
            .isEqualTo("card_identification_export_20261124T150000_vertex_validation.jsonl");
        assertThat(vertex.validation().isValid()).isTrue();
        assertThat(vertex.trainingExamples()).isEqualTo(openai.trainingExamples());
        assertThat(conversations(vertex.trainingFile())).isEqualTo(conversations(openai.trainingFile()));
        assertThat(conversations(vertex.validationFile().orElseThrow()))
            .isEqualTo(conversations(openai.validationFile().orElseThrow()));
        Map<String, Object> first = read(vertex.trainingFile()).get(0);
        assertThat(first).containsOnlyKeys("systemInstruction", "contents");
        Map<String, Object> openaiFirst = read(openai.trainingFile()).get(0);
        String system = ((List<Map<String, Object>>) openaiFirst.get("messages")).get(0).get("content").toString();
        assertThat(first.get("systemInstruction")).isEqualTo(Map.of("parts", List.of(Map.of("text", system))));
        assertThat((List<Map<String, Object>>) first.get("contents")).extracting(c -> c.get("role"))
            .containsExactly("user", "model");
        assertThat(vertex.trainingTokens()).isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void export_bedrock_writesConversationSchemaWithTheSameSplitAsOpenAi() throws IOException {
        // given
        addDistinctCards(60);
        ExportResult openai = export(ExportFormat.OPENAI);

        // when
        ExportResult bedrock = export(ExportFormat.BEDROCK);

        // then
        assertThat(bedrock.trainingFile().getFileName().toString()).endsWith("_bedrock_train.jsonl");
        assertThat(bedrock.validation().isValid()).isTrue();
        assertThat(conversations(bedrock.trainingFile())).isEqualTo(conversations(openai.trainingFile()));
        assertThat(conversations(bedrock.validationFile().orElseThrow()))
            .isEqualTo(conversations(openai.validationFile().orElseThrow()));
        Map<String, Object> first = read(bedrock.trainingFile()).get(0);
        assertThat(first).containsOnlyKeys("schemaVersion", "system", "messages");
        assertThat(first.get("schemaVersion")).isEqualTo("bedrock-conversation-2024");
        assertThat((List<Map<String, Object>>) first.get("system")).singleElement()
            .satisfies(s -> assertThat(s).containsOnlyKeys("text"));
        assertThat((List<Map<String, Object>>) first.get("messages")).extracting(m -> m.get("role"))
            .containsExactly("user", "assistant");
    }

    @Test
    void export_bedrockRecordOverCharacterQuota_failsWithItsLineAndLeavesNoFile() throws IOException {
        // given: one card whose OCR text is longer than a Bedrock record may be
        addDistinctCards(20);
        store.append(cardSample("X".repeat(30_000), distinctCard(999)).build());

        // when / then
        assertThatThrownBy(() -> exporter().export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION)
                .validationFraction(0).format(ExportFormat.BEDROCK).build()))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                assertThat(e.line()).isPresent();
                assertThat(e.getMessage()).contains("too_many_characters").contains("24576");
            });
        try (Stream<Path> files = Files.list(dir.resolve("exports"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void scan_vertexFileWithMistakes_reportsEachByLine() throws IOException {
        // given
        String good = CloudFormat.of(ExportFormat.VERTEX).line(List.of(
            Map.of("role", "system", "content", "Identify the card."),
            Map.of("role", "user", "content", "JORDAN 1986 FLEER #57"),
            Map.of("role", "assistant", "content", "{\"player\":\"Michael Jordan\"}")));
        Path file = Files.write(dir.resolve("vertex.jsonl"), List.of(
            good,
            "{not json",
            "{\"contents\":[{\"role\":\"model\",\"parts\":[{\"text\":\"hi\"}]}]}",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"b\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"c\"}]}]}",
            "{\"messages\":[],\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"\"}]}]}",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + "y".repeat(600_000) + "\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"z\"}]}]}"));

        // when
        ValidationReport report = CloudFormat.of(ExportFormat.VERTEX).scan(file, true).report();

        // then
        assertThat(report.examples()).isEqualTo(6);
        assertThat(report.errors()).extracting(ValidationFinding::line, ValidationFinding::category).containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "invalid_json"),
            org.assertj.core.groups.Tuple.tuple(3L, "roles_not_alternating"),
            org.assertj.core.groups.Tuple.tuple(4L, "last_not_model"),
            org.assertj.core.groups.Tuple.tuple(5L, "unknown_field"),
            org.assertj.core.groups.Tuple.tuple(5L, "missing_text"),
            org.assertj.core.groups.Tuple.tuple(6L, "too_many_tokens"));
        assertThat(report.warnings()).extracting(ValidationFinding::category).containsExactly("few_examples");
    }

    @Test
    void scan_bedrockFileWithMistakes_reportsEachByLine() throws IOException {
        // given
        Path file = Files.write(dir.resolve("bedrock.jsonl"), List.of(
            "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"text\":\"a\"}]}]}",
            "{\"schemaVersion\":\"2023\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"text\":\"a\"}]}]}",
            "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]},"
                + "{\"role\":\"model\",\"content\":[{\"text\":\"a\"}]}]}",
            "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]}]}",
            "",
            "{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":\"plain\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"text\":\"a\"}]}]}"));

        // when
        ValidationReport report = CloudFormat.of(ExportFormat.BEDROCK).scan(file, false).report();

        // then
        assertThat(report.errors()).extracting(ValidationFinding::line, ValidationFinding::category).containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, "schema_version"),
            org.assertj.core.groups.Tuple.tuple(3L, "invalid_role"),
            org.assertj.core.groups.Tuple.tuple(4L, "too_few_messages"),
            org.assertj.core.groups.Tuple.tuple(5L, "blank_line"),
            org.assertj.core.groups.Tuple.tuple(6L, "missing_content"));
    }

    @Test
    void checkTogether_bedrockOverTheRecordQuota_isAnError() {
        CloudFormat bedrock = CloudFormat.of(ExportFormat.BEDROCK);
        ValidationReport empty = new ValidationReport("f", 0, List.of());

        List<ValidationFinding> over = bedrock.checkTogether(new CloudFormat.Scan(empty, 9_500, 0, 0),
            new CloudFormat.Scan(empty, 501, 0, 0));
        List<ValidationFinding> within = bedrock.checkTogether(new CloudFormat.Scan(empty, 9_500, 0, 0),
            new CloudFormat.Scan(empty, 500, 0, 0));

        assertThat(over).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("10001").contains("10000");
        });
        assertThat(within).isEmpty();
    }

    @Test
    void of_formatNames_parseCaseInsensitivelyAndRejectOthersNamingTheField() {
        assertThat(ExportFormat.of(" Vertex ")).isEqualTo(ExportFormat.VERTEX);
        assertThat(ExportFormat.of("bedrock")).isEqualTo(ExportFormat.BEDROCK);
        assertThatThrownBy(() -> ExportFormat.of("sagemaker"))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("format"))
            .hasMessageContaining("sagemaker");
    }
}
