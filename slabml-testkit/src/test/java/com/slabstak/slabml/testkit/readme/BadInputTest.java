/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to each public entry point of a SlabMl on the embedded file store: a typed
 * {@link InvalidInputException} that names what is wrong, and nothing written, neither to the data
 * directory nor to the provider.
 */
class BadInputTest {
    private static final CardData CARD = CardData.builder()
        .player("Michael Jordan").year("1986-87").brand("Fleer").cardNumber("57").build();

    @TempDir
    Path dataDir;

    private ManualClock clock;
    private SimulatedFineTuningBackend fineTuning;
    private SlabMl ml;

    @BeforeEach
    void setUp() {
        clock = ManualClock.at(Instant.parse("2026-11-01T09:00:00Z"));
        fineTuning = SimulatedFineTuningBackend.builder().clock(clock).build();
        ml = SlabMl.builder()
            .ignoreEnvironment()
            .dataDirectory(dataDir)
            .clock(clock)
            .putConfig("slabml.store.provider", "file")
            .fineTuningBackend(fineTuning)
            .inferenceBackend(SimulatedInferenceBackend.builder().build())
            .build();
    }

    @AfterEach
    void tearDown() {
        ml.close();
    }

    @Test
    void collect_emptyOcrText_namesTheFieldAndWritesNothing() throws IOException {
        assertRejected(() -> ml.collector().collectCardIdentification("  ", CARD), "ocr_text");
        assertNoDataWritten();
    }

    @Test
    void collectAsync_emptyOcrText_throwsAtOnceNamingTheFieldAndWritesNothing() throws IOException {
        assertRejected(() -> ml.collector().collectAsync(Sample.builder()
            .task(TaskName.CARD_IDENTIFICATION).source(SampleSource.VALIDATED)
            .putInput("ocr_text", " ").output(CARD.toMap()).build()), "ocr_text");
        assertNoDataWritten();
    }

    @Test
    void collect_unknownCardField_namesTheField() throws IOException {
        assertRejected(() -> ml.collector().addManualSample(TaskName.CARD_IDENTIFICATION,
            Map.of("ocr_text", "JORDAN FLEER 57"),
            Map.of("player", "Michael Jordan", "year", "1986-87", "brand", "Fleer", "colour", "red")), "colour");
        assertNoDataWritten();
    }

    @Test
    void taskName_invalid_namesTheTask() {
        assertRejected(() -> TaskName.of("Card ID"), "task");
    }

    @Test
    void predict_unknownTask_namesTheTask() throws IOException {
        assertRejected(() -> ml.models().predict(TaskName.of("price_guess"), Map.of("ocr_text", "x"),
            com.slabstak.slabml.RequestContext.none()), "task");
        assertNoDataWritten();
    }

    @Test
    void createJob_suffixWithPathSeparator_isRejectedBeforeAnythingIsSent() throws IOException {
        assertRejected(() -> ml.fineTuning().createJob(JobRequest.builder()
            .trainingFileId("file-1").model("gpt-4o-mini-2024-07-18").suffix("../card-id").build()), "suffix");
        assertThat(fineTuning.createRequests()).isEmpty();
        assertNoDataWritten();
    }

    @Test
    void upload_missingFile_namesTheFile() {
        Path missing = dataDir.resolve("nothing_here.jsonl");
        assertThatThrownBy(() -> ml.fineTuning().upload(missing))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("nothing_here.jsonl");
        assertThat(fineTuning.uploadedFiles()).isEmpty();
    }

    @Test
    void upload_malformedFile_namesTheLineAndSendsNothing() throws IOException {
        Path file = Files.createTempFile("bad", ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            lines.append(i == 3 ? "{not json" : "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
                + "{\"role\":\"assistant\",\"content\":\"a\"}]}").append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        try {
            assertThatThrownBy(() -> ml.fineTuning().upload(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 4");
            assertThat(fineTuning.uploadedFiles()).isEmpty();
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void upload_notJsonl_namesTheFile() throws IOException {
        Path file = Files.createTempFile("train", ".csv");
        try {
            assertThatThrownBy(() -> ml.fineTuning().upload(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.getFileName().toString());
            assertThat(fineTuning.uploadedFiles()).isEmpty();
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void export_nothingCollected_writesNoFile() throws IOException {
        assertThatThrownBy(() -> ml.exporter().export(TaskName.CARD_IDENTIFICATION))
            .isInstanceOf(InvalidInputException.class);
        assertNoDataWritten();
    }

    @Test
    void exportRequest_validationFractionOutOfRange_namesTheField() {
        assertRejected(() -> ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION)
            .validationFraction(0.5).build(), "validation_fraction");
    }

    @Test
    void trackProduction_ratingOutOfRange_namesTheField() throws IOException {
        assertRejected(() -> ml.evaluator().trackProduction(ProductionRecord.builder()
            .modelId("gpt-4o-mini-2024-07-18").rating(7).build()), "rating");
        assertNoDataWritten();
    }

    @Test
    void evaluate_listsOfDifferentLength_isRejected() {
        assertThatThrownBy(() -> ml.evaluator().evaluateCardIdentification(List.of(CARD), List.of(CARD, CARD)))
            .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void setRolloutPercent_outOfRange_namesTheFieldAndKeepsTheDeployment() throws IOException {
        assertRejected(() -> ml.registry().setRolloutPercent(TaskName.CARD_IDENTIFICATION, 150, "too far"),
            "rollout_percent");
        assertThat(ml.registry().history(TaskName.CARD_IDENTIFICATION)).isEmpty();
        assertNoDataWritten();
    }

    private static void assertRejected(ThrowingCallable call, String field) {
        assertThatThrownBy(call)
            .isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).contains(field))
            .hasMessageContaining(field);
    }

    /** No data file holds a record: the store may have created its folders, but not written a line. */
    private void assertNoDataWritten() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            List<Path> nonEmpty = files.filter(Files::isRegularFile)
                .filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".json"))
                .filter(p -> p.toFile().length() > 0)
                .toList();
            assertThat(nonEmpty).as("data files with content").isEmpty();
        }
    }
}
