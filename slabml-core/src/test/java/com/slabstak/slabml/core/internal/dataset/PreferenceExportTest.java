/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static com.slabstak.slabml.core.internal.dataset.Fixtures.cardSample;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.distinctCard;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.ocrOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Task;
import com.slabstak.slabml.spi.TrainingMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferenceExportTest {
    @TempDir
    Path dir;

    private final SampleStore store = MemoryStores.create().samples();
    private final Task cards = new TestTasks.Cards();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private DefaultDatasetExporter exporter() {
        return new DefaultDatasetExporter(store, Map.of(TaskName.CARD_IDENTIFICATION, cards), dir, clock,
            ExportOptions.builder().modelCatalog(TestCatalog.create()).build());
    }

    private static ExportRequest dpo(String model) {
        return ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION).method(TrainingMethod.PREFERENCE)
            .model(model).build();
    }

    /** {@code n} corrections whose model answer had grade 0 (no card has), and {@code validated} confirmed scans. */
    private List<Map<String, Object>> addCorrections(int n, int validated) {
        List<Map<String, Object>> originals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> card = distinctCard(i);
            Map<String, Object> original = new LinkedHashMap<>(card);
            original.put("grade", "0");
            originals.add(original);
            store.append(cardSample(ocrOf(card), card).source(SampleSource.CORRECTION).original(original)
                .addCorrectedField("grade").build());
        }
        for (int i = n; i < n + validated; i++) {
            store.append(cardSample(ocrOf(distinctCard(i)), distinctCard(i)).build());
        }
        return originals;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lines(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(Json.readObject(l));
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void export_corrections_writePairsWithTheCorrectionPreferredOverTheModelsAnswer() throws IOException {
        // given 30 corrections and 20 confirmed scans (which are no pairs)
        addCorrections(30, 20);

        // when
        ExportResult r = exporter().export(dpo(TestCatalog.PREFERENCE_MODEL));

        // then every correction became one pair, and nothing else
        assertThat(r.trainingExamples() + r.validationExamples()).isEqualTo(30);
        assertThat(r.trainingFile().getFileName().toString()).contains("_dpo_export_");
        assertThat(r.validation().isValid()).isTrue();
        assertThat(r.tokensExact()).isTrue();
        List<Map<String, Object>> all = lines(r.trainingFile());
        all.addAll(lines(r.validationFile().orElseThrow()));
        for (Map<String, Object> line : all) {
            assertThat(line).containsOnlyKeys("input", "preferred_output", "non_preferred_output");
            List<Map<String, Object>> input = (List<Map<String, Object>>) ((Map<String, Object>) line.get("input")).get("messages");
            assertThat(input).extracting(m -> m.get("role")).containsExactly("system", "user");
            Map<String, Object> preferred = ((List<Map<String, Object>>) line.get("preferred_output")).get(0);
            Map<String, Object> rejected = ((List<Map<String, Object>>) line.get("non_preferred_output")).get(0);
            assertThat(preferred.get("role")).isEqualTo("assistant");
            assertThat(rejected.get("role")).isEqualTo("assistant");
            assertThat(Json.readObject((String) rejected.get("content"))).containsEntry("grade", "0");
            assertThat(Json.readObject((String) preferred.get("content")).get("grade")).isNotEqualTo("0");
        }
    }

    @Test
    void export_correctionEqualToTheOriginal_isNoPair() {
        Map<String, Object> card = distinctCard(1);
        for (int i = 0; i < 12; i++) {
            store.append(cardSample(ocrOf(card) + " " + i, card).source(SampleSource.CORRECTION).original(card).build());
        }

        assertThatThrownBy(() -> exporter().export(dpo(TestCatalog.PREFERENCE_MODEL)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("0 corrections with the model's original output");
    }

    @Test
    void export_modelWithoutPreferenceTraining_failsNamingTheModelsThatHaveIt() {
        addCorrections(12, 0);

        assertThatThrownBy(() -> exporter().export(dpo(TestCatalog.MINI)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("method")
            .hasMessageContaining(TestCatalog.PREFERENCE_MODEL);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void export_noCorrections_failsSayingSoAndWritesNothing() {
        addCorrections(0, 15);

        assertThatThrownBy(() -> exporter().export(dpo(TestCatalog.PREFERENCE_MODEL)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("no corrections to export as preference pairs");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void export_supervisedDefault_stillWritesChatExamplesOfEverySample() throws IOException {
        addCorrections(10, 10);

        ExportResult r = exporter().export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION).build());

        assertThat(r.trainingExamples() + r.validationExamples()).isEqualTo(20);
        assertThat(lines(r.trainingFile()).get(0)).containsOnlyKeys("messages");
    }
}
