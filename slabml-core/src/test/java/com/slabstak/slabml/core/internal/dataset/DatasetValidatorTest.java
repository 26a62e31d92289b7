/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationFinding.Severity;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.DatasetLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetValidatorTest {
    static final String MODEL = "gpt-4o-mini-2024-07-18";
    static final String GOOD = "{\"messages\":[{\"role\":\"system\",\"content\":\"You identify sports cards.\"},"
        + "{\"role\":\"user\",\"content\":\"MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5\"},"
        + "{\"role\":\"assistant\",\"content\":\"{\\\"player\\\":\\\"Michael Jordan\\\"}\"}]}";

    @TempDir
    Path dir;

    private final DatasetValidator validator = new DatasetValidator(TestCatalog.create());

    /** Eleven good examples with {@code bad} as line 4. */
    private Path fileWithLine4(String bad) throws IOException {
        List<String> lines = new ArrayList<>(Collections.nCopies(11, GOOD));
        lines.set(3, bad);
        return write(lines);
    }

    private Path write(List<String> lines) throws IOException {
        Path f = Files.createTempFile(dir, "data", ".jsonl");
        Files.write(f, lines, StandardCharsets.UTF_8);
        return f;
    }

    private static String example(String... messages) {
        return "{\"messages\":[" + String.join(",", messages) + "]}";
    }

    private static final String SYSTEM = "{\"role\":\"system\",\"content\":\"You identify sports cards.\"}";
    private static final String USER = "{\"role\":\"user\",\"content\":\"TOM BRADY 2000 PLAYOFF CONTENDERS #144\"}";
    private static final String ASSISTANT = "{\"role\":\"assistant\",\"content\":\"Tom Brady\"}";

    @Test
    void validate_goodFile_isValidWithoutFindings() throws IOException {
        // given
        Path f = write(Collections.nCopies(12, GOOD));

        // when
        ValidationReport report = validator.validate(f, MODEL);

        // then
        assertThat(report.isValid()).isTrue();
        assertThat(report.findings()).isEmpty();
        assertThat(report.examples()).isEqualTo(12);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "data_type | not json at all",
        "data_type | [1, 2, 3]",
        "data_type | ''",
        "data_type | {\"messages\":[\"hello\"]}",
        "missing_messages_list | {\"messages\":[]}",
        "missing_messages_list | {\"messages\":\"hi\"}",
        "message_missing_key | {\"messages\":[{\"content\":\"no role\"},{\"role\":\"assistant\",\"content\":\"x\"}]}",
        "message_missing_key | {\"messages\":[{\"role\":\"user\"},{\"role\":\"assistant\",\"content\":\"x\"}]}",
        "message_unrecognized_key | {\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"colour\":\"red\"},{\"role\":\"assistant\",\"content\":\"x\"}]}",
        "message_unrecognized_key | {\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"weight\":1},{\"role\":\"assistant\",\"content\":\"x\"}]}",
        "message_unrecognized_key | {\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"tool_calls\":[]},{\"role\":\"assistant\",\"content\":\"x\"}]}",
        "unrecognized_role | {\"messages\":[{\"role\":\"developer\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"x\"}]}",
        "missing_content | {\"messages\":[{\"role\":\"user\",\"content\":\"\"},{\"role\":\"assistant\",\"content\":\"x\"}]}",
        "missing_content | {\"messages\":[{\"role\":\"user\",\"content\":null},{\"role\":\"assistant\",\"content\":\"x\"}]}",
        "missing_content | {\"messages\":[{\"role\":\"user\",\"content\":57},{\"role\":\"assistant\",\"content\":\"x\"}]}",
        "empty_assistant_message | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"  \"}]}",
        "invalid_weight | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"x\",\"weight\":2}]}",
        "invalid_weight | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"x\",\"weight\":0.5}]}",
        "invalid_tool_calls | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\"}]}]}",
        "example_missing_assistant_message | {\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"x\"}]}",
    })
    void validate_badLine_reportsItsCategoryAsErrorOnThatLine(String category, String line) throws IOException {
        // given a file whose fourth line is bad
        Path f = fileWithLine4(line);

        // when
        ValidationReport report = validator.validate(f, MODEL);

        // then
        assertThat(report.isValid()).isFalse();
        assertThat(report.errors()).extracting(ValidationFinding::line, ValidationFinding::category)
            .contains(tuple(4L, category));
        assertThat(report.errors()).allSatisfy(e -> assertThat(e.line()).isEqualTo(4L));
        assertThat(report.summary()).contains("line 4: " + category);
    }

    @Test
    void validate_toolCallsAndWeights_areAcceptedAsTheSpecAllows() throws IOException {
        // given an assistant tool call without content, its tool reply, and weights 0 and 1
        String toolExample = example(SYSTEM, USER,
            "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"brady\\\"}\"}}]}",
            "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"Tom Brady 2000\"}",
            "{\"role\":\"assistant\",\"content\":\"Tom Brady\",\"weight\":1}");
        String weighted = example(SYSTEM, USER, "{\"role\":\"assistant\",\"content\":\"Tom\",\"weight\":0}",
            USER, "{\"role\":\"assistant\",\"content\":\"Tom Brady\",\"weight\":1}");
        String withTools = "{\"messages\":[" + SYSTEM + "," + USER + "," + ASSISTANT
            + "],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}],\"parallel_tool_calls\":false}";
        List<String> lines = new ArrayList<>(Collections.nCopies(8, GOOD));
        lines.add(toolExample);
        lines.add(weighted);
        lines.add(withTools);

        // when
        ValidationReport report = validator.validate(write(lines), MODEL);

        // then
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void validate_contentParts_acceptTextAndUserImagesOnly() throws IOException {
        // given a user message with a text and an image part (vision data), and an assistant image part on line 4
        String userParts = example(SYSTEM, "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What card?\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/card.jpg\"}}]}", ASSISTANT);
        String assistantImage = example(SYSTEM, USER, "{\"role\":\"assistant\",\"content\":[{\"type\":\"image_url\","
            + "\"image_url\":{\"url\":\"https://example.com/card.jpg\"}}]}");
        List<String> lines = new ArrayList<>(Collections.nCopies(11, GOOD));
        lines.set(1, userParts);
        lines.set(3, assistantImage);

        // when
        ValidationReport report = validator.validate(write(lines), MODEL);

        // then
        assertThat(report.findings()).extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactly(tuple(4L, "missing_content"));
    }

    @Test
    void validate_onlyWeightZeroAssistants_warnsOnThatLine() throws IOException {
        Path f = fileWithLine4(example(SYSTEM, USER, "{\"role\":\"assistant\",\"content\":\"x\",\"weight\":0}"));

        ValidationReport report = validator.validate(f, MODEL);

        assertThat(report.isValid()).isTrue();
        assertThat(report.warnings()).extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactly(tuple(4L, "no_trained_assistant_message"));
    }

    @Test
    void validate_missingSystemAndUserMessages_areWarningsWithLineNumbers() throws IOException {
        Path f = fileWithLine4(example("{\"role\":\"assistant\",\"content\":\"x\"}"));

        ValidationReport report = validator.validate(f, MODEL);

        assertThat(report.isValid()).isTrue();
        assertThat(report.warnings()).extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactlyInAnyOrder(tuple(4L, "missing_system_message"), tuple(4L, "missing_user_message"));
    }

    @Test
    void validate_specialTokenText_isWarnedOnItsLine() throws IOException {
        Path f = fileWithLine4(example(SYSTEM,
            "{\"role\":\"user\",\"content\":\"JORDAN <|endoftext|> FLEER\"}", ASSISTANT));

        ValidationReport report = validator.validate(f, MODEL);

        assertThat(report.isValid()).isTrue();
        assertThat(report.warnings()).extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactly(tuple(4L, "special_token"));
    }

    @Test
    void validate_withProgress_reportsBytesCheckedRisingToTheFileSize() throws IOException {
        // given a file of about 3 MB, so the validator reports more than once on the way
        String padded = example(SYSTEM, "{\"role\":\"user\",\"content\":\"" + "TOPPS CHROME ".repeat(40) + "\"}", ASSISTANT);
        Path f = write(Collections.nCopies(5_000, padded));
        List<long[]> calls = new ArrayList<>();

        // when
        ValidationReport report = validator.validate(f, MODEL, (step, done, total) -> {
            assertThat(step).isEqualTo("check");
            calls.add(new long[] {done, total});
        });

        // then: from 0 to the size, never backwards, always out of the size
        long size = Files.size(f);
        assertThat(report.isValid()).isTrue();
        assertThat(calls.size()).isGreaterThan(3);
        assertThat(calls.get(0)[0]).isZero();
        assertThat(calls.get(calls.size() - 1)[0]).isEqualTo(size);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
            assertThat(calls.get(i)[1]).isEqualTo(size);
        }
    }

    @Test
    void validate_limitBetweenTheTokensAndTheBytes_stillWarnsWithTheExactCount() throws IOException {
        // given a limit above the example's tokens (about 45) but below its byte bound (about 120):
        // the byte bound cannot clear it, so the example is counted, and is not over the limit
        var roomy = TestCatalog.builder().add(TestCatalog.model(MODEL, "o200k_base", 80, "3.00")).build();
        var tight = TestCatalog.builder().add(TestCatalog.model(MODEL, "o200k_base", 30, "3.00")).build();
        Path f = write(Collections.nCopies(10, GOOD));

        // when
        ValidationReport ok = new DatasetValidator(roomy).validate(f, MODEL);
        ValidationReport over = new DatasetValidator(tight).validate(f, MODEL);

        // then
        assertThat(ok.findings()).isEmpty();
        assertThat(over.warnings()).hasSize(10).allSatisfy(w -> assertThat(w.message())
            .matches("example has \\d+ tokens; " + MODEL + " takes 30, the rest is truncated"));
    }

    @Test
    void validate_exampleOverContextLimit_warnsForTheSmallerModelOnly() throws IOException {
        // given an example of about 17,000 tokens: over gpt-3.5-turbo-0125's 16,385, under gpt-4o-mini's 65,536
        String longText = "the" + " the".repeat(17_000);
        Path f = fileWithLine4(example(SYSTEM, USER, "{\"role\":\"assistant\",\"content\":\"" + longText + "\"}"));

        // when
        ValidationReport small = validator.validate(f, "gpt-3.5-turbo-0125");
        ValidationReport large = validator.validate(f, MODEL);

        // then
        assertThat(small.warnings()).extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactly(tuple(4L, "example_over_token_limit"));
        assertThat(small.isValid()).isTrue();
        assertThat(large.findings()).isEmpty();
    }

    @Test
    void validate_overriddenContextLimit_appliesToTheModel() throws IOException {
        // given a table in which gpt-4o-mini takes only 20 tokens per example
        var table = TestCatalog.builder().add(TestCatalog.model(MODEL, "o200k_base", 20, "3.00")).build();
        Path f = write(Collections.nCopies(10, GOOD));

        // when
        ValidationReport report = new DatasetValidator(table).validate(f, MODEL);

        // then every example is over the limit
        assertThat(report.warnings()).hasSize(10)
            .allSatisfy(w -> assertThat(w.category()).isEqualTo("example_over_token_limit"));
    }

    @Test
    void validate_fewerThanTenExamples_isAFileLevelError() throws IOException {
        ValidationReport nine = validator.validate(write(Collections.nCopies(9, GOOD)), MODEL);
        ValidationReport ten = validator.validate(write(Collections.nCopies(10, GOOD)), MODEL);

        assertThat(nine.errors()).extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactly(tuple(0L, "too_few_examples"));
        assertThat(nine.summary()).contains("file: too_few_examples");
        assertThat(ten.isValid()).isTrue();
    }

    @Test
    void validate_invalidUtf8_isReportedOnItsLine() throws IOException {
        // given line 4 with a lone continuation byte inside a string
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 1; i <= 11; i++) {
            if (i == 4) {
                bytes.writeBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"JORDAN ".getBytes(StandardCharsets.UTF_8));
                bytes.write(0xC3);
                bytes.write(0x28);
                bytes.writeBytes("\"},{\"role\":\"assistant\",\"content\":\"x\"}]}".getBytes(StandardCharsets.UTF_8));
            } else {
                bytes.writeBytes(GOOD.getBytes(StandardCharsets.UTF_8));
            }
            bytes.write('\n');
        }
        Path f = dir.resolve("utf8.jsonl");
        Files.write(f, bytes.toByteArray());

        // when
        ValidationReport report = validator.validate(f, MODEL);

        // then
        assertThat(report.errors()).extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactly(tuple(4L, "invalid_utf8"));
    }

    @Test
    void validate_fileOverTheSizeLimit_isAFileLevelError() throws IOException {
        // given a validator whose size limit is 1,000 bytes (the real one is 512 MB)
        Path f = write(Collections.nCopies(12, GOOD));
        DatasetValidator small = new DatasetValidator(TestCatalog.builder().limits(new DatasetLimits(TestCatalog.MIN_EXAMPLES, 1_000)).build());

        // when
        ValidationReport report = small.validate(f, MODEL);

        // then
        assertThat(report.errors()).extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactly(tuple(0L, "file_too_large"));
    }

    @Test
    void validate_lineOverTheLineLimit_isReportedWithoutReadingItAndLaterLinesKeepTheirNumbers()
        throws IOException {
        // given a validator that reads at most 400 bytes per line, and a 200,000-byte line 4
        DatasetValidator small = new DatasetValidator(TestCatalog.create(), 400);
        List<String> lines = new ArrayList<>(Collections.nCopies(11, GOOD));
        lines.set(3, "x".repeat(200_000));
        lines.set(7, "broken");

        // when
        ValidationReport report = small.validate(write(lines), MODEL);

        // then
        assertThat(report.errors()).extracting(ValidationFinding::line, ValidationFinding::category)
            .containsExactly(tuple(4L, "line_too_long"), tuple(8L, "data_type"));
        assertThat(report.errors().get(0).message()).contains("200000 bytes");
        assertThat(report.examples()).isEqualTo(11);
    }

    @Test
    void validate_crlfLineEndingsAndByteOrderMark_keepLineNumbers() throws IOException {
        // given CRLF endings, a byte order mark, and a bad line 3
        String text = "\uFEFF" + GOOD + "\r\n" + GOOD + "\r\n" + "oops" + "\r\n"
            + (GOOD + "\r\n").repeat(9);
        Path f = dir.resolve("crlf.jsonl");
        Files.writeString(f, text, StandardCharsets.UTF_8);

        // when
        ValidationReport report = validator.validate(f, MODEL);

        // then
        assertThat(report.findings()).extracting(ValidationFinding::line, ValidationFinding::category,
                ValidationFinding::severity)
            .containsExactly(tuple(1L, "byte_order_mark", Severity.WARNING), tuple(3L, "data_type", Severity.ERROR));
        assertThat(report.examples()).isEqualTo(12);
    }

    @Test
    void validate_manyBadLines_listsAHundredPerCategoryAndCountsTheRest() throws IOException {
        Path f = write(Collections.nCopies(150, "nope"));

        ValidationReport report = validator.validate(f, MODEL);

        assertThat(report.countsByCategory()).containsEntry("data_type", 101L);
        assertThat(report.findings()).last().satisfies(last -> {
            assertThat(last.line()).isZero();
            assertThat(last.message()).startsWith("50 more");
        });
    }

    @Test
    void validate_missingFile_throwsNamingTheFile() {
        assertThatThrownBy(() -> validator.validate(dir.resolve("absent.jsonl"), MODEL))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("file")
            .hasMessageContaining("absent.jsonl");
    }

    @Test
    void validate_unknownModel_throwsListingKnownModels() throws IOException {
        Path f = write(Collections.nCopies(10, GOOD));

        assertThatThrownBy(() -> validator.validate(f, "gpt-2"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("model")
            .hasMessageContaining("gpt-4o-mini-2024-07-18");
    }

    @Test
    void validate_fineTunedModelName_usesItsBaseModel() throws IOException {
        Path f = write(Collections.nCopies(10, GOOD));

        ValidationReport report = validator.validate(f, "ft:gpt-4o-mini-2024-07-18:org:card-id:abc123");

        assertThat(report.isValid()).isTrue();
    }
}
