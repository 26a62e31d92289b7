/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.spi.Durability;
import static com.slabstak.slabml.core.internal.store.StoreTesting.T0;
import static com.slabstak.slabml.core.internal.store.StoreTesting.open;
import static com.slabstak.slabml.core.internal.store.StoreTesting.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SkippedLine;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.spi.StoreProvider;
import com.slabstak.slabml.spi.Stores;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreProviderTest {
    @TempDir
    Path dir;

    @Test
    void serviceLoader_coreOnClassPath_findsFileProvider() {
        List<String> names = ServiceLoader.load(StoreProvider.class).stream()
            .map(p -> p.get().name()).collect(Collectors.toList());

        assertThat(names).contains("file");
    }

    @Test
    void sampleAppend_eachSource_roundTripsIntoTheSeedLayout() throws Exception {
        Sample validated = sample("s1");
        Sample correction = sample("s2", TaskName.CARD_IDENTIFICATION, SampleSource.CORRECTION);
        Sample listing = sample("s3", TaskName.LISTING_GENERATION, SampleSource.MANUAL);
        Sample host = sample("s4", TaskName.of("grading_notes"), SampleSource.MANUAL);

        try (Stores stores = open(dir)) {
            stores.samples().append(validated);
            stores.samples().append(correction);
            stores.samples().append(listing);
            stores.samples().append(host);

            try (Stream<Sample> s = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
                assertThat(s).containsExactly(validated, correction);
            }
            try (Stream<Sample> s = stores.samples().read(TaskName.LISTING_GENERATION)) {
                assertThat(s).containsExactly(listing);
            }
            try (Stream<Sample> s = stores.samples().read(TaskName.of("grading_notes"))) {
                assertThat(s).containsExactly(host);
            }
        }
        Path data = dir.resolve("training_data");
        assertThat(Files.readAllLines(data.resolve("card_identification.jsonl"))).hasSize(1);
        assertThat(Files.readAllLines(data.resolve("user_corrections.jsonl"))).hasSize(1);
        assertThat(Files.readAllLines(data.resolve("listing_generation.jsonl"))).hasSize(1);
        assertThat(Files.readAllLines(data.resolve("grading_notes.jsonl"))).hasSize(1);
        assertThat(Files.readString(data.resolve("user_corrections.jsonl")))
            .startsWith("{\"id\":\"s2\",\"task\":\"card_identification\",\"source\":\"correction\",\"confidence\":0.9,"
                + "\"created_at\":\"2026-11-24T10:00:00Z\",\"user_id\":\"user-1\",")
            .contains("\"corrected_fields\":[\"player\"],\"original\":{\"player\":\"Micheal Jordan\"}");
    }

    @Test
    void sampleRead_afterReopen_keepsWriteOrderAcrossTaskAndCorrectionFiles() {
        try (Stores stores = open(dir)) {
            for (int i = 0; i < 20; i++) {
                stores.samples().append(sample("s" + i, TaskName.CARD_IDENTIFICATION,
                    i % 3 == 0 ? SampleSource.CORRECTION : SampleSource.VALIDATED));
            }
        }

        try (Stores stores = open(dir); Stream<Sample> s = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(s.map(x -> x.id().orElseThrow()))
                .containsExactlyElementsOf(Stream.iterate(0, i -> i + 1).limit(20).map(i -> "s" + i)
                    .collect(Collectors.toList()));
        }
    }

    @Test
    void sampleCount_correctionsOfTwoTasks_countsPerTaskAndUsesTheIndex() {
        try (Stores stores = open(dir)) {
            stores.samples().append(sample("a", TaskName.CARD_IDENTIFICATION, SampleSource.VALIDATED));
            stores.samples().append(sample("b", TaskName.CARD_IDENTIFICATION, SampleSource.CORRECTION));
            stores.samples().append(sample("c", TaskName.LISTING_GENERATION, SampleSource.CORRECTION));

            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(2);
            assertThat(stores.samples().count(TaskName.LISTING_GENERATION)).isEqualTo(1);
            assertThat(stores.samples().count(TaskName.of("unknown_task"))).isZero();
            assertThat(dir.resolve("training_data/user_corrections.jsonl.idx")).exists();

            stores.samples().append(sample("d", TaskName.LISTING_GENERATION, SampleSource.CORRECTION));

            assertThat(stores.samples().count(TaskName.LISTING_GENERATION)).isEqualTo(2);
        }
    }

    @Test
    void sampleRead_numbersAndNestedValues_comeBackAsWritten() {
        Sample s = sample("n1").toBuilder()
            .putInput("count", 3)
            .putInput("big", 12_345_678_901L)
            .putInput("ratio", 0.25)
            .putInput("grade", new BigDecimal("9.50"))
            .putInput("flags", List.of(true, false))
            .putInput("nested", Map.of("k", "v"))
            .putInput("none", null)
            .build();

        try (Stores stores = open(dir)) {
            stores.samples().append(s);
            try (Stream<Sample> read = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
                assertThat(read).containsExactly(s);
            }
        }
    }

    @Test
    void sampleAppend_invalidSamples_throwNamingTheFieldAndWriteNothing() {
        try (Stores stores = open(dir)) {
            Sample noId = sample("x").toBuilder().id(null).build();
            Sample noTime = sample("x").toBuilder().createdAt(null).build();
            Sample badValue = sample("x").toBuilder().putInput("when", new Object()).build();
            Sample nan = sample("x").toBuilder().putOutput("score", Double.NaN).build();
            Sample reserved = sample("x", TaskName.of("user_corrections"), SampleSource.MANUAL);

            assertThatThrownBy(() -> stores.samples().append(noId)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("id");
            assertThatThrownBy(() -> stores.samples().append(noTime)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("created_at");
            assertThatThrownBy(() -> stores.samples().append(badValue)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input.when");
            assertThatThrownBy(() -> stores.samples().append(nan)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("output.score");
            assertThatThrownBy(() -> stores.samples().append(reserved)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reserved");
            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isZero();
            assertThat(((FileSampleStore) stores.samples()).counters().queued()).isZero();
        }
    }

    @Test
    void productionLog_recordsOfTwoMonths_goToMonthlyFilesByUtcTimestamp() throws Exception {
        ProductionRecord nov = record("p1", Instant.parse("2026-11-30T23:59:59Z"));
        ProductionRecord dec = record("p2", Instant.parse("2026-12-01T00:00:00Z")).toBuilder()
            .correction(Map.of("player", "Scottie Pippen")).rating(2).latencyMillis(1200L)
            .usage(new TokenUsage(120, 40)).subject("user-9").arm(Arm.CANDIDATE).build();

        try (Stores stores = open(dir)) {
            stores.productionLog().append(dec);
            stores.productionLog().append(nov);

            assertThat(stores.productionLog().months()).containsExactly(YearMonth.of(2026, 11), YearMonth.of(2026, 12));
            try (Stream<ProductionRecord> s = stores.productionLog().read(YearMonth.of(2026, 12))) {
                assertThat(s).containsExactly(dec);
            }
            try (Stream<ProductionRecord> s = stores.productionLog().read(YearMonth.of(2026, 11))) {
                assertThat(s).containsExactly(nov);
            }
            try (Stream<ProductionRecord> s = stores.productionLog().read(YearMonth.of(2025, 1))) {
                assertThat(s).isEmpty();
            }
            assertThat(((FileProductionLogStore) stores.productionLog()).count(YearMonth.of(2026, 12))).isEqualTo(1);
        }
        assertThat(dir.resolve("evaluation_results/production_log_202611.jsonl")).exists();
        assertThat(Files.readString(dir.resolve("evaluation_results/production_log_202612.jsonl")))
            .contains("\"model_id\":\"ft:gpt-4o-mini:slabstak\",\"arm\":\"candidate\",\"subject\":\"user-9\","
                + "\"rating\":2,\"latency_ms\":1200,\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":40}");
    }

    @Test
    void productionLogAppend_withoutTimestamp_throwsAndWritesNothing() {
        try (Stores stores = open(dir)) {
            ProductionRecord r = record("p1", T0).toBuilder().timestamp(null).build();

            assertThatThrownBy(() -> stores.productionLog().append(r)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timestamp");
            assertThat(stores.productionLog().months()).isEmpty();
        }
    }

    @Test
    void registry_eventsAndVersions_roundTripInOrder() {
        DeploymentEvent first = event("start", 20);
        DeploymentEvent second = event("promote", 50).toBuilder().putDetail("p_value", 0.01)
            .putDetail("wins", 12).build();
        ModelVersion v = ModelVersion.builder().task(TaskName.CARD_IDENTIFICATION).modelId("ft:gpt-4o-mini:x")
            .baseModel("gpt-4o-mini-2024-07-18").jobId("ftjob-1").trainingFile("file-1").createdAt(T0)
            .putMetric("accuracy", 0.93).build();

        try (Stores stores = open(dir)) {
            stores.registry().appendEvent(first);
            stores.registry().appendEvent(second);
            stores.registry().appendVersion(v);

            assertThat(stores.registry().events()).containsExactly(first, second);
            assertThat(stores.registry().versions()).containsExactly(v);
        }
        assertThat(dir.resolve("registry/events.jsonl")).exists();
        assertThat(dir.resolve("registry/versions.jsonl")).exists();
    }

    @Test
    void registryVersion_anotherStoreAppends_changes() {
        try (Stores reader = open(dir); Stores writer = open(dir)) {
            long before = reader.registry().version();

            writer.registry().appendEvent(event("start", 20));

            long after = reader.registry().version();
            assertThat(after).isNotEqualTo(before);
            assertThat(reader.registry().version()).isEqualTo(after);
            assertThat(reader.registry().events()).hasSize(1);
        }
    }

    @Test
    void jobStore_savesOfOneKey_lastWriteWinsAndListKeepsFirstSaveOrder() {
        TrackedJob a = job("key-a", null, null);
        TrackedJob b = job("key-b", "ftjob-b", JobStatus.QUEUED);
        TrackedJob a2 = a.toBuilder().jobId("ftjob-a").status(JobStatus.SUCCEEDED).fineTunedModel("ft:x")
            .updatedAt(T0.plusSeconds(60)).build();

        try (Stores stores = open(dir)) {
            stores.jobs().save(a);
            stores.jobs().save(b);
            stores.jobs().save(a2);
        }

        try (Stores stores = open(dir)) {
            assertThat(stores.jobs().list()).containsExactly(a2, b);
            assertThat(stores.jobs().findByIdempotencyKey("key-a")).contains(a2);
            assertThat(stores.jobs().findByJobId("ftjob-b")).contains(b);
            assertThat(stores.jobs().findByJobId("ftjob-none")).isEmpty();
        }
    }

    @Test
    void read_corruptCompleteLines_areSkippedCountedAndNamedAndTheRestReads() throws Exception {
        Path file = dir.resolve("training_data/card_identification.jsonl");
        try (Stores stores = open(dir)) {
            stores.samples().append(sample("ok"));
        }
        Files.writeString(file, "{\"id\":\"bad\",\"task\":\"card_identification\"}\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(file, "not json\n", java.nio.file.StandardOpenOption.APPEND);
        try (Stores stores = open(dir)) {
            stores.samples().append(sample("after"));
        }

        try (Stores stores = open(dir)) {
            for (int pass = 0; pass < 2; pass++) {
                try (Stream<Sample> s = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
                    assertThat(s.map(x -> x.id().orElseThrow())).containsExactly("ok", "after");
                }
            }
            assertThat(stores.samples().skippedLines()).extracting(SkippedLine::file, SkippedLine::line)
                .containsExactly(tuple("training_data/card_identification.jsonl", 2L),
                    tuple("training_data/card_identification.jsonl", 3L));
            assertThat(stores.samples().skippedLines().get(0).reason()).contains("source");
            assertThat(stores.samples().skippedLines().get(1).reason()).contains("not a JSON object");
        }
    }

    @Test
    void read_tornLastLine_isSkippedAndRepairedOnTheNextWrite() throws Exception {
        Path file = dir.resolve("training_data/card_identification.jsonl");
        try (Stores stores = open(dir)) {
            stores.samples().append(sample("s1"));
        }
        String whole = Files.readString(file);
        Files.writeString(file, whole + whole.substring(0, whole.length() / 2), StandardCharsets.UTF_8);

        try (Stores stores = open(dir)) {
            try (Stream<Sample> s = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
                assertThat(s.map(x -> x.id().orElseThrow())).containsExactly("s1");
            }
            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(1);

            stores.samples().append(sample("s2"));

            try (Stream<Sample> s = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
                assertThat(s.map(x -> x.id().orElseThrow())).containsExactly("s1", "s2");
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(Files.readString(file)).endsWith("}\n");
    }

    @Test
    void append_sizeLimitReached_rotatesToNumberedSegmentsAndReadsThemAll() {
        try (Stores stores = open(dir, "slabml.store.max_file_bytes", "1000")) {
            for (int i = 0; i < 12; i++) {
                stores.samples().append(sample("s" + i));
            }

            try (Stream<Sample> s = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
                assertThat(s).hasSize(12);
            }
            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(12);
        }
        assertThat(dir.resolve("training_data/card_identification.jsonl")).exists();
        assertThat(dir.resolve("training_data/card_identification.000001.jsonl")).exists();
    }

    @Test
    void create_invalidSettings_throwsConfigurationExceptionNamingTheKey() {
        assertThatThrownBy(() -> open(dir, "slabml.store.samples.durability", "sometimes"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.store.samples.durability").hasMessageContaining("ASYNC, BATCH, SYNC");
        assertThatThrownBy(() -> open(dir, "slabml.store.queue_capacity", "lots"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("slabml.store.samples.queue_capacity");
    }

    @Test
    void settings_perStoreKey_overridesTheGeneralKey() {
        LogSettings s = LogSettings.from(com.slabstak.slabml.SlabMlConfig.of(Map.of(
            "slabml.store.durability", "SYNC", "slabml.store.production_log.durability", "async",
            "slabml.store.block_timeout", "250ms")), "production_log");

        assertThat(s.durability()).isEqualTo(Durability.ASYNC);
        assertThat(s.blockTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void settings_nothingConfigured_productionLogIsAsyncAndTheOthersBatch() {
        com.slabstak.slabml.SlabMlConfig none = com.slabstak.slabml.SlabMlConfig.of(Map.of());

        assertThat(LogSettings.from(none, "production_log").durability()).isEqualTo(Durability.ASYNC);
        assertThat(LogSettings.from(none, "samples").durability()).isEqualTo(Durability.BATCH);
        assertThat(LogSettings.from(none, "registry").durability()).isEqualTo(Durability.BATCH);
        assertThat(LogSettings.from(none, "jobs").durability()).isEqualTo(Durability.BATCH);
    }

    @Test
    void append_afterClose_throwsStoreException() {
        Stores stores = open(dir);
        stores.close();

        assertThatThrownBy(() -> stores.samples().append(sample("late"))).isInstanceOf(StoreException.class)
            .hasMessageContaining("closed");
    }

    @Test
    void create_shutdownHookOn_closesCleanlyAndKeepsRecords() {
        Stores stores = open(dir, "slabml.store.shutdown_hook", "true");
        stores.samples().append(sample("s1"));

        stores.close();

        assertThatThrownBy(() -> stores.samples().append(sample("late"))).isInstanceOf(StoreException.class);
        try (Stores reopened = open(dir); Stream<Sample> s = reopened.samples().read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(s).hasSize(1);
        }
    }

    static ProductionRecord record(String id, Instant at) {
        return ProductionRecord.builder().id(id).timestamp(at).task(TaskName.CARD_IDENTIFICATION)
            .modelId("ft:gpt-4o-mini:slabstak").arm(Arm.BASE)
            .prediction(Map.of("player", "Michael Jordan")).build();
    }

    static DeploymentEvent event(String action, int percent) {
        return DeploymentEvent.builder().at(T0).action(action).previousPercent(0).reason("test")
            .deployment(Deployment.builder().task(TaskName.CARD_IDENTIFICATION).baseModel("gpt-4o-mini-2024-07-18")
                .candidateModel("ft:gpt-4o-mini:x").rolloutPercent(percent).updatedAt(T0).build())
            .build();
    }

    static TrackedJob job(String key, String jobId, JobStatus status) {
        return TrackedJob.builder().idempotencyKey(key).jobId(jobId).model("gpt-4o-mini-2024-07-18")
            .trainingFileId("file-1").task(TaskName.CARD_IDENTIFICATION).status(status).createdAt(T0).updatedAt(T0)
            .build();
    }
}
