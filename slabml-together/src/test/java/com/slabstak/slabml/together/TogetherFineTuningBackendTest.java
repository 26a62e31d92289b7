/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.AuthenticationException;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Together's wire behaviour: the redirect upload, the create body, idempotency, errors and retries. */
class TogetherFineTuningBackendTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TogetherHarness harness;
    private FineTuningBackend backend;

    @BeforeEach
    void start() {
        harness = new TogetherHarness(dir.resolve("data"));
        backend = harness.backend();
    }

    @AfterEach
    void stop() {
        backend.close();
        harness.close();
    }

    private Path file(String name, int examples) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < examples; i++) {
            sb.append("{\"messages\":[{\"role\":\"system\",\"content\":\"Identify the card.\"},")
                .append("{\"role\":\"user\",\"content\":\"OCR ").append(i).append("\"},")
                .append("{\"role\":\"assistant\",\"content\":\"{\\\"player\\\":\\\"Mike Trout\\\"}\"}]}\n");
        }
        return Files.writeString(dir.resolve(name), sb.toString(), StandardCharsets.UTF_8);
    }

    private static JsonNode body(RecordedRequest r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void uploadFile_jsonl_asksForAnUploadUrlPutsTheBytesThereWithoutTheKeyThenPreprocesses() throws IOException {
        // given
        Path f = file("train.jsonl", 12);
        // when
        UploadedFile uploaded = backend.uploadFile(f);
        // then
        List<RecordedRequest> requests = harness.server.requests();
        assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::route).containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST", "/files"),
            org.assertj.core.groups.Tuple.tuple("PUT", "/storage/upload-" + uploaded.id()),
            org.assertj.core.groups.Tuple.tuple("POST", "/files/" + uploaded.id() + "/preprocess"));
        JsonNode ask = body(requests.get(0));
        assertThat(ask.path("purpose").asText()).isEqualTo("fine-tune");
        assertThat(ask.path("file_name").asText()).isEqualTo("train.jsonl");
        assertThat(ask.path("file_type").asText()).isEqualTo("jsonl");
        assertThat(requests.get(0).header("authorization")).hasValue("Bearer " + TogetherHarness.KEY);
        assertThat(requests.get(1).header("authorization")).isEmpty();
        assertThat(requests.get(1).body()).isEqualTo(Files.readString(f));
        assertThat(uploaded.filename()).isEqualTo("train.jsonl");
        assertThat(uploaded.bytes()).isEqualTo(Files.size(f));
        assertThat(harness.sim.fineTuning().uploadedFiles()).hasSize(1);
    }

    @Test
    void uploadFile_rolesThatDoNotAlternate_refusedWithTheLineBeforeAnythingIsSent() throws IOException {
        Path f = file("train.jsonl", 3);
        Files.writeString(f, "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},"
            + "{\"role\":\"assistant\",\"content\":\"c\"}]}\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> backend.uploadFile(f))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.line()).hasValue(4))
            .hasMessageContaining("alternate");
        assertThat(harness.server.requests()).isEmpty();
    }

    @Test
    void uploadFile_extraColumnOrMixedFormats_refusedNamingTheLine() throws IOException {
        Path extra = Files.writeString(dir.resolve("extra.jsonl"), "{\"text\":\"a\",\"label\":1}\n");
        Path mixed = Files.writeString(dir.resolve("mixed.jsonl"), "{\"text\":\"a\"}\n{\"prompt\":\"p\",\"completion\":\"c\"}\n");
        assertThatThrownBy(() -> backend.uploadFile(extra)).hasMessageContaining("extra column \"label\"");
        assertThatThrownBy(() -> backend.uploadFile(mixed))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.line()).hasValue(2))
            .hasMessageContaining("same dataset format");
    }

    @Test
    void createJob_defaults_sendsTogethersBodyWithBatchSizeMaxAndSftMethod() throws IOException {
        UploadedFile f = backend.uploadFile(file("train.jsonl", 20));
        backend.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE).build());
        JsonNode sent = body(harness.server.requests("POST", "/fine-tunes").get(0));
        assertThat(sent.path("model").asText()).isEqualTo(TogetherHarness.BASE);
        assertThat(sent.path("training_file").asText()).isEqualTo(f.id());
        assertThat(sent.path("n_epochs").asInt()).isEqualTo(1);
        assertThat(sent.path("batch_size").asText()).isEqualTo("max");
        assertThat(sent.path("learning_rate").asDouble()).isEqualTo(0.00001);
        assertThat(sent.path("n_evals").asInt()).isZero();
        assertThat(sent.path("n_checkpoints").asInt()).isEqualTo(1);
        assertThat(sent.path("training_method").path("method").asText()).isEqualTo("sft");
        assertThat(sent.path("training_method").path("train_on_inputs").asText()).isEqualTo("auto");
        assertThat(sent.path("lr_scheduler").path("lr_scheduler_type").asText()).isEqualTo("cosine");
        assertThat(sent.has("training_type")).as("LoRA with Together's default rank").isFalse();
        assertThat(sent.has("suffix")).isFalse();
    }

    @Test
    void createJob_hyperparametersValidationFileAndFullTraining_sendsThem() throws IOException {
        UploadedFile train = backend.uploadFile(file("train.jsonl", 20));
        UploadedFile valid = backend.uploadFile(file("valid.jsonl", 10));
        FineTuningJob job = backend.createJob(JobRequest.builder().trainingFileId(train.id()).validationFileId(valid.id())
            .model(TogetherHarness.BASE).suffix("cards").seed(7L)
            .hyperparameters(Hyperparameters.builder().epochs(3).batchSize(16).learningRateMultiplier(2.0).build())
            .putMetadata("together.training_type", "full").build());
        JsonNode sent = body(harness.server.requests("POST", "/fine-tunes").get(0));
        assertThat(sent.path("validation_file").asText()).isEqualTo(valid.id());
        assertThat(sent.path("n_evals").asInt()).as("one evaluation with a validation file").isEqualTo(1);
        assertThat(sent.path("n_epochs").asInt()).isEqualTo(3);
        assertThat(sent.path("batch_size").asInt()).isEqualTo(16);
        assertThat(sent.path("learning_rate").asDouble()).isEqualTo(0.00002);
        assertThat(sent.path("training_type").path("type").asText()).isEqualTo("Full");
        assertThat(sent.path("suffix").asText()).isEqualTo("cards");
        assertThat(sent.path("random_seed").asLong()).isEqualTo(7L);
        assertThat(job.hyperparameters().epochs()).hasValue(3);
        assertThat(job.metadata()).doesNotContainKey("together.training_type");
    }

    @Test
    void createJob_loraRankConfigured_sendsLoraWithAlphaTwiceTheRank() throws IOException {
        Map<String, String> config = harness.config();
        config.put("slabml.together.lora_r", "16");
        try (FineTuningBackend lora = harness.backend(config)) {
            UploadedFile f = lora.uploadFile(file("train.jsonl", 20));
            lora.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE).build());
        }
        JsonNode type = body(harness.server.requests("POST", "/fine-tunes").get(0)).path("training_type");
        assertThat(type.path("type").asText()).isEqualTo("Lora");
        assertThat(type.path("lora_r").asInt()).isEqualTo(16);
        assertThat(type.path("lora_alpha").asInt()).isEqualTo(32);
    }

    @Test
    void createJob_preferenceFileWithDpoAndBeta_sendsTogethersDpoTrainingMethod() throws IOException {
        // given: a preference file in the format together-py checks (input, preferred_output, non_preferred_output)
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            lines.append("{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"OCR ").append(i).append("\"}]},")
                .append("\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"{\\\"year\\\":\\\"2011\\\"}\"}],")
                .append("\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"{\\\"year\\\":\\\"2012\\\"}\"}]}\n");
        }
        UploadedFile f = backend.uploadFile(Files.writeString(dir.resolve("pairs.jsonl"), lines.toString()));
        // when
        backend.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE)
            .putMetadata("together.training_method", "dpo").putMetadata("together.dpo_beta", "0.2").build());
        // then
        JsonNode method = body(harness.server.requests("POST", "/fine-tunes").get(0)).path("training_method");
        assertThat(method.path("method").asText()).isEqualTo("dpo");
        assertThat(method.path("dpo_beta").asDouble()).isEqualTo(0.2);
        assertThat(method.has("train_on_inputs")).as("train_on_inputs is for SFT only").isFalse();
    }

    @Test
    void createJob_preferenceRequestWithBeta_sendsTogethersDpoTrainingMethod() throws IOException {
        // given: a preference file, and a request that says preference with beta through the generic API
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            lines.append("{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"OCR ").append(i).append("\"}]},")
                .append("\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"{\\\"year\\\":\\\"2011\\\"}\"}],")
                .append("\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"{\\\"year\\\":\\\"2012\\\"}\"}]}\n");
        }
        UploadedFile f = backend.uploadFile(Files.writeString(dir.resolve("pairs.jsonl"), lines.toString()));
        // when
        backend.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE)
            .method(com.slabstak.slabml.spi.TrainingMethod.PREFERENCE)
            .hyperparameters(com.slabstak.slabml.Hyperparameters.builder().beta(0.3).build()).build());
        // then
        JsonNode method = body(harness.server.requests("POST", "/fine-tunes").get(0)).path("training_method");
        assertThat(method.path("method").asText()).isEqualTo("dpo");
        assertThat(method.path("dpo_beta").asDouble()).isEqualTo(0.3);
        assertThat(method.has("train_on_inputs")).isFalse();
    }

    @Test
    void createJob_betaWithoutDpo_refusedBeforeAnythingIsSent() throws IOException {
        UploadedFile f = backend.uploadFile(file("train.jsonl", 20));
        assertThatThrownBy(() -> backend.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE)
            .putMetadata("together.dpo_beta", "0.2").build()))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("metadata.together.dpo_beta: only with");
        assertThat(harness.server.requests("POST", "/fine-tunes")).isEmpty();
    }

    @Test
    void createJob_badOptionInMetadata_refusedNamingTheKey() throws IOException {
        UploadedFile f = backend.uploadFile(file("train.jsonl", 20));
        assertThatThrownBy(() -> backend.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE)
            .putMetadata("together.training_type", "qlora").build()))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("metadata.together.training_type");
        assertThat(harness.server.requests("POST", "/fine-tunes")).isEmpty();
    }

    @Test
    void createJob_responseLost_jobFoundByItsKeyAndNoSecondJobCreated() throws IOException {
        // given
        UploadedFile f = backend.uploadFile(file("train.jsonl", 20));
        harness.server.inject("POST", "/fine-tunes", 1, HttpFault.lostResponse());
        JobRequest request = JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE).suffix("cards")
            .idempotencyKey("key-123").putMetadata("team", "cards").build();
        // when
        assertThatThrownBy(() -> backend.createJob(request)).isInstanceOf(ProviderUnavailableException.class);
        FineTuningJob found = backend.findJobByIdempotencyKey("key-123").orElseThrow();
        // then
        assertThat(harness.server.requests("POST", "/fine-tunes")).as("create is never retried").hasSize(1);
        assertThat(backend.listJobs(10, null)).extracting(FineTuningJob::id).containsExactly(found.id());
        assertThat(found.metadata()).containsEntry(FineTuningBackend.IDEMPOTENCY_METADATA_KEY, "key-123")
            .containsEntry("team", "cards");
        assertThat(body(harness.server.requests("POST", "/fine-tunes").get(0)).path("suffix").asText())
            .startsWith("cards-k").hasSize("cards-".length() + 11);
    }

    @Test
    void findJobByIdempotencyKey_anotherInstallationWithoutNotes_findsTheJobByTheTagInItsSuffix() throws IOException {
        UploadedFile f = backend.uploadFile(file("train.jsonl", 20));
        FineTuningJob created = backend.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE)
            .idempotencyKey("key-elsewhere").build());
        try (FineTuningBackend other = new TogetherFineTuningBackendProvider().create(
                ProviderContext.of(SlabMlConfig.of(harness.config()), dir.resolve("other-data"), harness.clock))) {
            assertThat(other.findJobByIdempotencyKey("key-elsewhere")).map(FineTuningJob::id).hasValue(created.id());
            assertThat(other.findJobByIdempotencyKey("key-unknown")).isEmpty();
        }
    }

    @Test
    void createJob_longSuffixWithKey_suffixShortenedToFortyCharactersKeepingTheTag() throws IOException {
        UploadedFile f = backend.uploadFile(file("train.jsonl", 20));
        backend.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE)
            .suffix("a-very-long-suffix-for-the-card-identification-task").idempotencyKey("k1").build());
        String suffix = body(harness.server.requests("POST", "/fine-tunes").get(0)).path("suffix").asText();
        assertThat(suffix).hasSize(40).startsWith("a-very-long-suffix-for-the-c").matches(".*-k[0-9a-f]{10}");
    }

    @Test
    void errors_401_429_unknownJob_mapToTheSameTypesAsOpenAi() {
        harness.server.inject("GET", "/fine-tunes", 1, HttpFault.status(429, "rate_limit_exceeded", "slow down")
            .withRetryAfter(Duration.ofSeconds(30)));
        assertThatThrownBy(() -> backend.listJobs(10, null))
            .isInstanceOfSatisfying(RateLimitException.class, e -> {
                assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(30));
                assertThat(e.isRetryable()).isTrue();
            });
        assertThatThrownBy(() -> backend.retrieveJob("ft-does-not-exist")).isInstanceOf(NotFoundException.class);
        Map<String, String> wrongKey = harness.config();
        wrongKey.put("slabml.together.api_key", "tgp_v1_wrong_key_0002");
        try (FineTuningBackend wrong = harness.backend(wrongKey)) {
            assertThatThrownBy(() -> wrong.listJobs(10, null))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("HTTP 401").hasMessageNotContaining("tgp_v1_wrong_key_0002");
        }
    }

    @Test
    void listJobs_serverErrorOnce_retriedWhenRetriesAreConfigured() {
        Map<String, String> config = harness.config();
        config.put("slabml.together.max_retries", "1");
        harness.server.inject("GET", "/fine-tunes", 1, HttpFault.status(503, null, "overloaded").withRetryAfter(Duration.ZERO));
        try (FineTuningBackend retrying = harness.backend(config)) {
            assertThat(retrying.listJobs(10, null)).isEmpty();
        }
        assertThat(harness.server.requests("GET", "/fine-tunes")).hasSize(2);
    }

    @Test
    void createJob_serverError_notRetriedEvenWithRetries() throws IOException {
        Map<String, String> config = harness.config();
        config.put("slabml.together.max_retries", "2");
        harness.server.inject("POST", "/fine-tunes", 1, HttpFault.status(503, null, "overloaded").withRetryAfter(Duration.ZERO));
        try (FineTuningBackend retrying = harness.backend(config)) {
            UploadedFile f = retrying.uploadFile(file("train.jsonl", 20));
            assertThatThrownBy(() -> retrying.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE)
                .build())).isInstanceOf(ProviderUnavailableException.class);
        }
        assertThat(harness.server.requests("POST", "/fine-tunes")).hasSize(1);
    }

    @Test
    void create_unknownKeyUnderItsPrefix_configurationErrorNamingIt() {
        Map<String, String> config = Map.of("slabml.together.api_key", "k", "slabml.together.lora_rank", "8");
        assertThatThrownBy(() -> new TogetherFineTuningBackendProvider().create(
                ProviderContext.of(SlabMlConfig.of(config), dir, harness.clock)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.together.lora.rank: unknown key")
            .hasMessageContaining("lora_r");
    }

    @Test
    void create_missingKeyAndBadValues_oneConfigurationErrorListingThem() {
        Map<String, String> config = Map.of("slabml.together.max_retries", "-1", "slabml.together.base_url", "ftp://x");
        assertThatThrownBy(() -> new TogetherFineTuningBackendProvider().create(
                ProviderContext.of(SlabMlConfig.of(config), dir, harness.clock)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.together.api_key: required (environment variable TOGETHER_API_KEY)")
            .hasMessageContaining("slabml.together.max_retries: must be 0 or more")
            .hasMessageContaining("slabml.together.base_url");
    }

    @Test
    void retrieveJob_runningThenCompleted_mapsStatusesAndNamesTheModelOnlyOnceCompleted() throws IOException {
        UploadedFile f = backend.uploadFile(file("train.jsonl", 20));
        FineTuningJob job = backend.createJob(JobRequest.builder().trainingFileId(f.id()).model(TogetherHarness.BASE)
            .suffix("cards").build());
        assertThat(job.status()).isIn(JobStatus.QUEUED, JobStatus.RUNNING);
        assertThat(job.fineTunedModel()).isEmpty();
        harness.finish(job.id());
        FineTuningJob done = backend.retrieveJob(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.fineTunedModel()).hasValueSatisfying(m -> assertThat(m).contains("-cards-"));
        assertThat(done.trainedTokens()).isPresent();
    }

    @Test
    void providerName_isTogetherAndFoundByServiceLoader() {
        assertThat(java.util.ServiceLoader.load(com.slabstak.slabml.spi.FineTuningBackendProvider.class).stream()
            .map(p -> p.get().name())).contains("together");
        assertThat(new TogetherFineTuningBackendProvider().name()).isEqualTo("together");
        assertThat(ProviderException.class).isAssignableFrom(RateLimitException.class);
    }
}
