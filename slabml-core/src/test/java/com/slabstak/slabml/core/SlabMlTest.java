/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ModelChoice;
import com.slabstak.slabml.spi.ModelSelector;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.spi.Task;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlabMlTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final InferenceBackend INFERENCE = request -> {
        throw new UnsupportedOperationException("not called by wiring tests");
    };
    private static final ModelSelector SELECTOR = (deployment, context) -> new ModelChoice(
        deployment.baseModel(), com.slabstak.slabml.Arm.BASE, 0, false);

    @TempDir
    Path dir;

    private SlabMl.Builder isolated() {
        return SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(CLOCK)
            .stores(MemoryStores.create())
            .fineTuningBackend(new UnusedFineTuningBackend())
            .modelCatalog(TestCatalog.create())
            .inferenceBackend(INFERENCE)
            .modelSelector(SELECTOR);
    }

    @Test
    void build_everythingPassedToBuilder_wiresBuiltInTasksAndCollector() {
        // when
        try (SlabMl ml = isolated().build()) {
            // then
            assertThat(ml.tasks()).containsKeys(TaskName.CARD_IDENTIFICATION, TaskName.LISTING_GENERATION);
            assertThat(ml.dataDirectory()).isEqualTo(dir);
            assertThat(ml.config().get("slabml.data.dir")).contains(dir.toString());
            Sample stored = ml.collector().collectCardIdentification("2018 TOPPS UPDATE #US250 OHTANI PSA 10",
                CardData.builder().player("Shohei Ohtani").year("2018").brand("Topps Update").build());
            assertThat(stored.id()).isPresent();
            assertThat(stored.createdAt()).contains(CLOCK.instant());
            assertThat(ml.collector().stats().samplesPerTask()).containsEntry(TaskName.CARD_IDENTIFICATION, 1L);
        }
    }

    @Test
    void build_defaultClassPath_wiresFileStoreStickySelectorAndEveryComponent() throws Exception {
        // given: an inference backend that answers like a model would
        List<String> modelsAsked = new java.util.ArrayList<>();
        InferenceBackend inference = request -> {
            modelsAsked.add(request.model());
            return ChatResponse.builder()
                .text("```json\n{\"player\": \"Tom Brady\", \"year\": 2000, \"brand\": \"Playoff Contenders\", "
                    + "\"card_number\": \"144\", \"grade\": 10}\n```")
                .model(request.model()).usage(new com.slabstak.slabml.TokenUsage(120, 40))
                .latency(java.time.Duration.ofMillis(5)).build();
        };

        // when
        try (SlabMl ml = SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(CLOCK)
                .fineTuningBackend(new UnusedFineTuningBackend()).modelCatalog(TestCatalog.create())
                .inferenceBackend(inference).build()) {
            ml.collector().collectCardIdentification("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10",
                CardData.builder().player("Tom Brady").year("2000").brand("Playoff Contenders").build());
            com.slabstak.slabml.Prediction<CardData> p = ml.models().identifyCard(
                "TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10", com.slabstak.slabml.RequestContext.forSubject("u1"));

            // then
            assertThat(java.nio.file.Files.readString(dir.resolve("training_data/card_identification.jsonl")))
                .contains("Tom Brady");
            assertThat(p.value().player()).isEqualTo("Tom Brady");
            assertThat(p.value().grade()).contains("10");
            assertThat(modelsAsked).containsExactly("gpt-4o-mini-2024-07-18");
            assertThat(ml.registry()).isNotNull();
            assertThat(ml.exporter()).isNotNull();
            assertThat(ml.evaluator()).isNotNull();
            assertThatThrownBy(() -> ml.fineTuning().listJobs(0)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void build_putConfigInvalidValues_failsWithAllProblems() {
        // when / then
        assertThatThrownBy(() -> isolated()
                .putConfig("slabml.card_identification.use_finetuned", "perhaps")
                .putConfig("slabml.openai.timeout", "-5s")
                .build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("2 problems")
            .hasMessageContaining("slabml.card_identification.use_finetuned")
            .hasMessageContaining("slabml.openai.timeout");
    }

    private static void collectDistinctCards(SlabMl ml, int n) {
        for (int i = 0; i < n; i++) {
            ml.collector().collectCardIdentification("CARD " + i + " PLAYER" + (char) ('A' + i) + " " + (1980 + i)
                    + (i == 0 ? " seller jane@example.com" : ""),
                CardData.builder().player("Player " + (char) ('A' + i)).year(String.valueOf(1980 + i)).brand("Topps").build());
        }
    }

    @Test
    void build_exportRedactPiiConfigured_exportRedactsEmail() throws Exception {
        // given
        try (SlabMl plain = isolated().build();
             SlabMl redacting = isolated().putConfig("slabml.export.redact_pii", "true").build()) {
            collectDistinctCards(plain, 12);
            collectDistinctCards(redacting, 12);

            // when
            com.slabstak.slabml.ExportRequest request = com.slabstak.slabml.ExportRequest.builder()
                .task(TaskName.CARD_IDENTIFICATION).validationFraction(0.1).build();
            String plainText = java.nio.file.Files.readString(plain.exporter().export(request).trainingFile());
            String redactedText = java.nio.file.Files.readString(redacting.exporter().export(request).trainingFile());

            // then
            assertThat(plainText).contains("jane@example.com");
            assertThat(redactedText).doesNotContain("jane@example.com").contains("seller [email]");
        }
    }

    @Test
    void build_nearDuplicateThresholdConfigured_statsCountWithIt() {
        // given: the same card read twice with one OCR difference
        try (SlabMl strict = isolated().putConfig("slabml.export.near_duplicate_threshold", "1.0").build();
             SlabMl loose = isolated().putConfig("slabml.export.near_duplicate_threshold", "0.5").build()) {
            for (SlabMl ml : List.of(strict, loose)) {
                CardData card = CardData.builder().player("Michael Jordan").year("1986").brand("Fleer").build();
                ml.collector().collectCardIdentification("1986 FLEER MICHAEL JORDAN #57 PSA 8 CHICAGO BULLS", card);
                ml.collector().collectCardIdentification("1986 FLEER MICHAEL J0RDAN #57 PSA 8 CHICAGO BULLS", card);
            }

            // when / then
            assertThat(strict.collector().stats().duplicates()).isZero();
            assertThat(loose.collector().stats().duplicates()).isEqualTo(1);
        }
    }

    @Test
    void exportOptions_config_parsesTrustedUsersFlagAndThreshold() {
        // when
        com.slabstak.slabml.core.internal.dataset.ExportOptions options = SlabMl.Builder.exportOptions(
            com.slabstak.slabml.SlabMlConfig.of(Map.of("slabml.export.trusted_users", " grader-1, ,grader-2,",
                "slabml.export.redact_pii", "yes", "slabml.export.near_duplicate_threshold", "0.8")));
        com.slabstak.slabml.core.internal.dataset.ExportOptions defaults = SlabMl.Builder.exportOptions(
            com.slabstak.slabml.SlabMlConfig.of(Map.of()));

        // then
        assertThat(options.trustedUsers()).containsExactlyInAnyOrder("grader-1", "grader-2");
        assertThat(options.isTrusted("grader-1")).isTrue();
        assertThat(options.isTrusted("someone")).isFalse();
        assertThat(options.redactPersonalData()).isTrue();
        assertThat(options.nearDuplicateThreshold()).isEqualTo(0.8);
        assertThat(defaults.trustedUsers()).isEmpty();
        assertThat(defaults.redactPersonalData()).isFalse();
        assertThat(defaults.nearDuplicateThreshold()).isEqualTo(0.6);
    }

    @Test
    void build_badExportValues_failsNamingTheKeyAndCreatesNothing() {
        Map<String, String> bad = Map.of(
            "slabml.export.redact_pii", "perhaps",
            "slabml.export.near_duplicate_threshold", "1.5");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            assertThatThrownBy(() -> SlabMl.builder().ignoreEnvironment().dataDirectory(dir.resolve("data")).clock(CLOCK)
                    .fineTuningBackend(new UnusedFineTuningBackend()).inferenceBackend(INFERENCE)
                    .putConfig(e.getKey(), e.getValue()).build())
                .as(e.getKey())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(e.getKey())
                .hasMessageContaining(e.getValue());
        }
        assertThatThrownBy(() -> isolated().putConfig("slabml.export.near_duplicate_threshold", "high").build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.export.near_duplicate_threshold");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void build_emptyClassPathWithoutStores_failsNamingWhatToAdd() {
        // when / then
        assertThatThrownBy(() -> SlabMl.builder().ignoreEnvironment().dataDirectory(dir)
                .classLoader(new URLClassLoader(new URL[0], null)).build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("no store provider on the class path")
            .hasMessageContaining("slabml-postgres");
    }

    @Test
    void build_emptyClassPathWithoutFineTuningBackend_failsNamingOpenAiArtifact() {
        // when / then
        assertThatThrownBy(() -> SlabMl.builder().ignoreEnvironment().dataDirectory(dir)
                .classLoader(new URLClassLoader(new URL[0], null))
                .stores(MemoryStores.create()).build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("no fine-tuning provider on the class path")
            .hasMessageContaining("add com.slabstak.slabml:slabml-openai or slabml-simulator");
    }

    @Test
    void build_configuredProviderMissing_failsNamingIt() {
        // when / then
        assertThatThrownBy(() -> SlabMl.builder().ignoreEnvironment().dataDirectory(dir)
                .classLoader(new URLClassLoader(new URL[0], null))
                .putConfig("slabml.store.provider", "postgres").build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("'postgres'");
    }

    @Test
    void build_plainBuilder_doesNotReadSystemProperties() {
        // given
        System.setProperty("slabml.store.provider", "no-such-store");
        try {
            // when / then
            assertThatCode(() -> SlabMl.builder().dataDirectory(dir)
                    .classLoader(new URLClassLoader(new URL[0], null))
                    .stores(MemoryStores.create()).fineTuningBackend(new UnusedFineTuningBackend())
                    .inferenceBackend(INFERENCE).modelSelector(SELECTOR).build().close())
                .doesNotThrowAnyException();
        } finally {
            System.clearProperty("slabml.store.provider");
        }
    }

    @Test
    void build_readEnvironment_readsSystemPropertiesBelowBuilderValues() {
        // given
        System.setProperty("slabml.store.provider", "no-such-store");
        try {
            // when / then
            assertThatThrownBy(() -> SlabMl.builder().readEnvironment().dataDirectory(dir)
                    .classLoader(new URLClassLoader(new URL[0], null)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'no-such-store'");
            assertThatThrownBy(() -> SlabMl.builder().readEnvironment().dataDirectory(dir)
                    .putConfig("slabml.store.provider", "postgres")
                    .classLoader(new URLClassLoader(new URL[0], null)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'postgres'");
        } finally {
            System.clearProperty("slabml.store.provider");
        }
    }

    @Test
    void build_emptyClassPathWithEveryPartPassed_hasOnlyAddedTasks() {
        // when
        try (SlabMl ml = isolated().classLoader(new URLClassLoader(new URL[0], null))
                .addTask(new EchoTask()).build()) {
            // then
            assertThat(ml.tasks()).containsOnlyKeys(TaskName.of("echo"));
        }
    }

    @Test
    void build_addTaskWithBuiltInName_replacesBuiltIn() {
        // given
        Task custom = new EchoTask() {
            @Override
            public TaskName name() {
                return TaskName.CARD_IDENTIFICATION;
            }
        };

        // when
        try (SlabMl ml = isolated().addTask(custom).build()) {
            // then
            assertThat(ml.task(TaskName.CARD_IDENTIFICATION)).isSameAs(custom);
        }
    }

    @Test
    void build_twoAddedTasksWithSameName_fails() {
        // when / then
        assertThatThrownBy(() -> isolated().addTask(new EchoTask()).addTask(new EchoTask()).build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("two tasks are named 'echo'");
    }

    @Test
    void task_unknownName_throwsNamingTheKnownTasks() {
        try (SlabMl ml = isolated().build()) {
            // when / then
            assertThatThrownBy(() -> ml.task(TaskName.of("price_guess")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("price_guess")
                .hasMessageContaining("card_identification");
        }
    }

    @Test
    void fineTuningWait_builderSleeperMovesTheClock_finishesWithoutRealSleeping() {
        // given: a job that succeeds once the clock passes ten minutes after start
        Instant start = Instant.parse("2026-03-01T10:00:00Z");
        Instant[] now = {start};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        UnusedFineTuningBackend backend = new UnusedFineTuningBackend() {
            @Override
            public com.slabstak.slabml.FineTuningJob retrieveJob(String jobId) {
                boolean done = !now[0].isBefore(start.plusSeconds(600));
                return com.slabstak.slabml.FineTuningJob.builder().id(jobId).model("gpt-4o-mini-2024-07-18")
                    .status(done ? com.slabstak.slabml.JobStatus.SUCCEEDED : com.slabstak.slabml.JobStatus.RUNNING)
                    .createdAt(start).trainingFileId("file-1")
                    .hyperparameters(com.slabstak.slabml.Hyperparameters.auto()).build();
            }

            @Override
            public List<com.slabstak.slabml.JobEvent> listEvents(String jobId, int limit, String after) {
                return List.of();
            }
        };
        List<java.time.Duration> slept = new java.util.ArrayList<>();

        // when
        try (SlabMl ml = isolated().clock(clock).fineTuningBackend(backend)
                .sleeper(d -> {
                    slept.add(d);
                    now[0] = now[0].plus(d);
                }).build()) {
            com.slabstak.slabml.FineTuningJob job = ml.fineTuning().waitForCompletion("ftjob-1",
                com.slabstak.slabml.WaitOptions.defaults());

            // then
            assertThat(job.status()).isEqualTo(com.slabstak.slabml.JobStatus.SUCCEEDED);
            assertThat(slept).isNotEmpty();
            assertThat(now[0]).isAfterOrEqualTo(start.plusSeconds(600));
        }
    }

    @Test
    void build_endpointPassedInCode_routesItsModelsThereAndOthersToTheDefault() {
        // given
        List<String> defaultModels = new java.util.ArrayList<>();
        List<String> endpointModels = new java.util.ArrayList<>();
        InferenceBackend defaultBackend = request -> {
            defaultModels.add(request.model());
            return ChatResponse.builder().text("default").model(request.model())
                .usage(com.slabstak.slabml.TokenUsage.ZERO).latency(java.time.Duration.ofMillis(1)).build();
        };
        InferenceBackend together = request -> {
            endpointModels.add(request.model());
            return ChatResponse.builder().text("together").model(request.model())
                .usage(com.slabstak.slabml.TokenUsage.ZERO).latency(java.time.Duration.ofMillis(1)).build();
        };
        ModelSelector bySubject = (deployment, context) -> new ModelChoice(
            context.subject().orElse(deployment.baseModel()), com.slabstak.slabml.Arm.BASE, 0, false);

        // when
        try (SlabMl ml = isolated().inferenceBackend(defaultBackend).modelSelector(bySubject).addTask(new EchoTask())
                .putInferenceEndpoint("together", together)
                .putConfig("slabml.inference.endpoints.together.prefixes", "meta-llama/")
                .build()) {
            String a = (String) ml.models().predict(TaskName.of("echo"), Map.of("text", "x"),
                com.slabstak.slabml.RequestContext.forSubject("meta-llama/Llama-3-8b-lora")).value().get("text");
            String b = (String) ml.models().predict(TaskName.of("echo"), Map.of("text", "x"),
                com.slabstak.slabml.RequestContext.forSubject("base-model")).value().get("text");

            // then
            assertThat(a).isEqualTo("together");
            assertThat(b).isEqualTo("default");
            assertThat(endpointModels).containsExactly("meta-llama/Llama-3-8b-lora");
            assertThat(defaultModels).containsExactly("base-model");
        }
    }

    @Test
    void build_endpointWithoutProviderOnClassPath_failsNamingTheEndpointKey() {
        assertThatThrownBy(() -> isolated().classLoader(new URLClassLoader(new URL[0], null))
                .putConfig("slabml.inference.endpoints", "vllm")
                .putConfig("slabml.inference.endpoints.vllm.models", "local-model")
                .build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("inference endpoint 'vllm'")
            .hasMessageContaining("slabml.inference.endpoints.vllm.provider");
    }

    @Test
    void build_defaultEndpointAndBuilderBackend_failsAskingToKeepOne() {
        assertThatThrownBy(() -> isolated()
                .putInferenceEndpoint("local", INFERENCE)
                .putConfig("slabml.inference.default_endpoint", "local")
                .build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.inference.default_endpoint names endpoint 'local'");
    }

    @Test
    void build_routeToUndeclaredEndpoint_failsNamingTheEntry() {
        assertThatThrownBy(() -> isolated()
                .putConfig("slabml.inference.routes", "meta-llama/*=together")
                .build())
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("routes to unknown endpoint 'together'");
    }

    @Test
    void close_objectsPassedToBuilder_stayOpen() {
        // given
        UnusedFineTuningBackend backend = new UnusedFineTuningBackend();
        SlabMl ml = isolated().fineTuningBackend(backend).build();

        // when
        ml.close();

        // then
        assertThat(backend.closed).isFalse();
    }

    @Test
    void toString_withApiKey_masksIt() {
        try (SlabMl ml = isolated().putConfig("slabml.openai.api_key", "sk-secret-value-123").build()) {
            assertThat(ml.toString()).doesNotContain("sk-secret-value-123");
            assertThat(ml.config().toString()).doesNotContain("sk-secret-value-123");
        }
    }

    /** A backend wiring tests never call. */
    static class UnusedFineTuningBackend implements FineTuningBackend {
        boolean closed;

        @Override
        public com.slabstak.slabml.UploadedFile uploadFile(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public com.slabstak.slabml.FineTuningJob createJob(com.slabstak.slabml.JobRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public com.slabstak.slabml.FineTuningJob retrieveJob(String jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<com.slabstak.slabml.FineTuningJob> listJobs(int limit, String after) {
            throw new UnsupportedOperationException();
        }

        @Override
        public com.slabstak.slabml.FineTuningJob cancelJob(String jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<com.slabstak.slabml.JobEvent> listEvents(String jobId, int limit, String after) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<com.slabstak.slabml.Checkpoint> listCheckpoints(String jobId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<com.slabstak.slabml.ModelInfo> listModels() {
            throw new UnsupportedOperationException();
        }

        @Override
        public com.slabstak.slabml.ModelInfo retrieveModel(String modelId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteModel(String modelId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A host task: echoes its input text. */
    static class EchoTask implements Task {
        @Override
        public TaskName name() {
            return TaskName.of("echo");
        }

        @Override
        public List<ChatMessage> prompt(Map<String, Object> input) {
            return List.of(ChatMessage.user(String.valueOf(input.get("text"))));
        }

        @Override
        public String answer(Map<String, Object> output) {
            return String.valueOf(output.get("text"));
        }

        @Override
        public Map<String, Object> parse(String answer) {
            return Map.of("text", answer);
        }

        @Override
        public void validateInput(Map<String, Object> input) {
        }

        @Override
        public void validateOutput(Map<String, Object> output) {
        }

        @Override
        public List<String> fields() {
            return List.of("text");
        }
    }
}
