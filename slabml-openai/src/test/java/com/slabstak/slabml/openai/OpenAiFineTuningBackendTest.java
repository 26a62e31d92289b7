/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobMetrics;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fine-tuning backend through the real openai-java SDK, with response validation on, against
 * the fake OpenAI server over loopback HTTP.
 */
class OpenAiFineTuningBackendTest extends ScriptedServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path trainingFile() throws Exception {
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}\n");
        return file;
    }

    private static FineTuningJob.Builder job(String id) {
        return FineTuningJob.builder()
            .id(id)
            .model("gpt-4o-mini-2024-07-18")
            .status(JobStatus.RUNNING)
            .createdAt(Instant.parse("2026-11-24T10:00:00Z"))
            .trainingFileId("file-1")
            .seed(7L);
    }

    private static JsonNode body(RecordedRequest r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void uploadFile_jsonlFile_sendsMultipartWithFineTunePurposeAndReturnsFile() throws Exception {
        Path file = trainingFile();

        UploadedFile uploaded = openai.uploadFile(file);

        assertThat(uploaded.id()).isEqualTo("file-1");
        assertThat(uploaded.filename()).isEqualTo("train.jsonl");
        assertThat(uploaded.bytes()).isEqualTo(Files.size(file));
        assertThat(uploaded.purpose()).isEqualTo("fine-tune");
        assertThat(uploaded.createdAt()).isEqualTo(ScriptedBackend.NOW);
        assertThat(backend.fileContents.get("file-1")).isEqualTo(Files.readAllBytes(file));
        RecordedRequest request = server.requests("POST", "/files").get(0);
        assertThat(request.path()).isEqualTo("/v1/files");
        assertThat(request.header("authorization")).contains("Bearer " + KEY);
        assertThat(request.body()).contains("name=\"purpose\"").contains("fine-tune");
    }

    @Test
    void uploadFile_missingFile_throwsInvalidInputWithoutCallingTheServer() {
        assertThatThrownBy(() -> openai.uploadFile(dir.resolve("absent.jsonl")))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("file");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void createJob_everyOption_sendsSupervisedMethodSeedMetadataSuffixAndIdempotencyKey() throws Exception {
        String fileId = openai.uploadFile(trainingFile()).id();
        JobRequest request = JobRequest.builder()
            .trainingFileId(fileId)
            .validationFileId(fileId)
            .model("gpt-4o-mini-2024-07-18")
            .suffix("slabstak-card-id")
            .seed(1234L)
            .hyperparameters(Hyperparameters.builder().epochs(3).batchSize(8).learningRateMultiplier(1.5).build())
            .putMetadata("task", "card_identification")
            .idempotencyKey("key-1")
            .build();

        FineTuningJob job = openai.createJob(request);

        JsonNode sent = body(server.requests("POST", "/fine_tuning/jobs").get(0));
        assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(sent.get("training_file").asText()).isEqualTo(fileId);
        assertThat(sent.get("validation_file").asText()).isEqualTo(fileId);
        assertThat(sent.get("suffix").asText()).isEqualTo("slabstak-card-id");
        assertThat(sent.get("seed").asLong()).isEqualTo(1234L);
        assertThat(sent.has("hyperparameters")).as("the deprecated top-level field is not sent").isFalse();
        assertThat(sent.at("/method/type").asText()).isEqualTo("supervised");
        JsonNode hp = sent.at("/method/supervised/hyperparameters");
        assertThat(hp.get("n_epochs").asInt()).isEqualTo(3);
        assertThat(hp.get("batch_size").asInt()).isEqualTo(8);
        assertThat(hp.get("learning_rate_multiplier").asDouble()).isEqualTo(1.5);
        assertThat(sent.at("/metadata/task").asText()).isEqualTo("card_identification");
        assertThat(sent.at("/metadata/" + FineTuningBackend.IDEMPOTENCY_METADATA_KEY).asText()).isEqualTo("key-1");

        assertThat(job.id()).isEqualTo(backend.jobs.keySet().iterator().next());
        assertThat(job.status()).isEqualTo(JobStatus.VALIDATING_FILES);
        assertThat(job.hyperparameters()).isEqualTo(request.hyperparameters());
        assertThat(job.seed()).hasValue(1234L);
        assertThat(job.validationFileId()).contains(fileId);
        assertThat(job.metadata()).containsEntry("task", "card_identification")
            .containsEntry(FineTuningBackend.IDEMPOTENCY_METADATA_KEY, "key-1");
        assertThat(job.error()).isEmpty();
    }

    @Test
    void createJob_autoHyperparameters_sendsAutoForEachValue() throws Exception {
        String fileId = openai.uploadFile(trainingFile()).id();

        FineTuningJob job = openai.createJob(JobRequest.builder().trainingFileId(fileId).model("gpt-4o-mini-2024-07-18").build());

        JsonNode hp = body(server.requests("POST", "/fine_tuning/jobs").get(0)).at("/method/supervised/hyperparameters");
        assertThat(hp.get("n_epochs").asText()).isEqualTo("auto");
        assertThat(hp.get("batch_size").asText()).isEqualTo("auto");
        assertThat(hp.get("learning_rate_multiplier").asText()).isEqualTo("auto");
        assertThat(job.hyperparameters()).isEqualTo(Hyperparameters.auto());
    }

    @Test
    void createJob_seventeenMetadataPairsWithKey_throwsInvalidInputBeforeSending() {
        JobRequest.Builder b = JobRequest.builder().trainingFileId("file-1").model("gpt-4o-mini-2024-07-18").idempotencyKey("k");
        for (int i = 0; i < 16; i++) {
            b.putMetadata("k" + i, "v");
        }
        JobRequest request = b.build();

        assertThatThrownBy(() -> openai.createJob(request))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("metadata");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void retrieveJob_succeededJob_mapsEveryField() {
        FineTuningJob stored = job("ftjob-ok")
            .status(JobStatus.SUCCEEDED)
            .validationFileId("file-2")
            .fineTunedModel("ft:gpt-4o-mini-2024-07-18:org:slabstak-card-id:abc123")
            .finishedAt(Instant.parse("2026-11-24T10:20:00Z"))
            .estimatedFinish(Instant.parse("2026-11-24T10:19:00Z"))
            .trainedTokens(75_000L)
            .hyperparameters(Hyperparameters.builder().epochs(3).batchSize(1).learningRateMultiplier(1.8).build())
            .putMetadata("task", "card_identification")
            .build();
        backend.put(stored);

        FineTuningJob job = openai.retrieveJob("ftjob-ok");

        assertThat(job).isEqualTo(stored);
        assertThat(job.isTerminal()).isTrue();
    }

    @Test
    void retrieveJob_failedJob_surfacesCodeMessageAndParam() {
        JobError error = new JobError("invalid_n_examples",
            "Training file has 7 example(s), but must have at least 10 examples", "training_file");
        backend.put(job("ftjob-bad").status(JobStatus.FAILED).finishedAt(Instant.parse("2026-11-24T10:01:00Z")).error(error).build());

        FineTuningJob job = openai.retrieveJob("ftjob-bad");

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).contains(error);
        assertThat(job.error().get().paramName()).contains("training_file");
    }

    @Test
    void retrieveJob_emptyErrorObject_isNotAFailure() {
        // "error": {} is outside the SDK's schema (code and message are required), so the SDK's
        // strict validation would reject it: the provider runs without it, as in production.
        FineTuningBackend lenient = backend(Map.of("slabml.openai.response_validation", "false"));
        backend.put(job("ftjob-run").build());
        server.emptyErrorObjects(true);

        FineTuningJob job = lenient.retrieveJob("ftjob-run");

        assertThat(job.error()).isEmpty();
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        lenient.close();
    }

    @Test
    void retrieveJob_statusOutsideTheSdkEnum_isKeptAsAnOpenValue() {
        FineTuningBackend lenient = backend(Map.of("slabml.openai.response_validation", "false"));
        backend.put(job("ftjob-new").build());
        server.overrideJobStatus("ftjob-new", "some_new_status");

        FineTuningJob job = lenient.retrieveJob("ftjob-new");

        assertThat(job.status().value()).isEqualTo("some_new_status");
        assertThat(job.isTerminal()).isFalse();
        lenient.close();
    }

    @Test
    void retrieveJob_unknownStatusUnderStrictValidation_mapsTheSdkDataErrorToProviderException() {
        backend.put(job("ftjob-new").build());
        server.overrideJobStatus("ftjob-new", "some_new_status");

        assertThatThrownBy(() -> openai.retrieveJob("ftjob-new"))
            .isExactlyInstanceOf(ProviderException.class)
            .hasMessageContaining("expected shape")
            .satisfies(e -> assertThat(e.getCause() == null || !e.getCause().getClass().getName().startsWith("com.openai")).isTrue());
    }

    @Test
    void retrieveJob_unknownJob_throwsNotFound() {
        assertThatThrownBy(() -> openai.retrieveJob("ftjob-missing"))
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining("404");
    }

    @Test
    void pauseAndResume_runningJob_reportsPausedThenRunning() {
        // "paused" is a status OpenAI returns that the SDK's enum lacks: read without strict validation.
        FineTuningBackend lenient = backend(Map.of("slabml.openai.response_validation", "false"));
        backend.put(job("ftjob-p").build());

        FineTuningJob paused = lenient.pauseJob("ftjob-p");
        FineTuningJob resumed = lenient.resumeJob("ftjob-p");

        assertThat(paused.status()).isEqualTo(JobStatus.PAUSED);
        assertThat(resumed.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(server.requests()).extracting(RecordedRequest::route)
            .containsExactly("/fine_tuning/jobs/ftjob-p/pause", "/fine_tuning/jobs/ftjob-p/resume");
        lenient.close();
    }

    @Test
    void cancelJob_runningJob_returnsCancelledJob() {
        backend.put(job("ftjob-c").build());

        FineTuningJob cancelled = openai.cancelJob("ftjob-c");

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.isTerminal()).isTrue();
        assertThat(backend.jobs.get("ftjob-c").status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void cancelJob_finishedJob_throwsInvalidRequestFromThe400() {
        backend.put(job("ftjob-done").status(JobStatus.SUCCEEDED).build());

        assertThatThrownBy(() -> openai.cancelJob("ftjob-done"))
            .isInstanceOf(com.slabstak.slabml.InvalidRequestException.class)
            .hasMessageContaining("already succeeded");
    }

    @Test
    void listJobs_limitAndAfter_pagesNewestFirst() {
        for (int i = 1; i <= 5; i++) {
            backend.put(job("ftjob-" + i).createdAt(Instant.parse("2026-11-24T10:00:00Z").plusSeconds(i)).build());
        }

        List<FineTuningJob> first = openai.listJobs(2, null);
        List<FineTuningJob> second = openai.listJobs(2, first.get(1).id());

        assertThat(first).extracting(FineTuningJob::id).containsExactly("ftjob-5", "ftjob-4");
        assertThat(second).extracting(FineTuningJob::id).containsExactly("ftjob-3", "ftjob-2");
        assertThat(server.requests().get(1).queryParam("after")).contains("ftjob-4");
        assertThat(server.requests().get(1).queryParam("limit")).contains("2");
    }

    @Test
    void listEvents_metricsEvents_carryStepLossesAndAccuracy() {
        backend.put(job("ftjob-e").build());
        JobEvent metrics = new JobEvent("ftevent-3", Instant.parse("2026-11-24T10:05:00Z"), "info",
            "Step 10/30: training loss=0.51", "metrics", Optional.of(new JobMetrics(10, 30, 0.51, 0.62, 0.6, 0.8, 0.75)));
        JobEvent running = JobEvent.info("ftevent-2", Instant.parse("2026-11-24T10:01:00Z"), "Fine-tuning job started");
        JobEvent warn = new JobEvent("ftevent-1", Instant.parse("2026-11-24T10:00:00Z"), "warn",
            "Validating training file", "message", Optional.empty());
        backend.events.put("ftjob-e", List.of(metrics, running, warn));

        List<JobEvent> page1 = openai.listEvents("ftjob-e", 2, null);
        List<JobEvent> page2 = openai.listEvents("ftjob-e", 2, page1.get(1).id());

        assertThat(page1).containsExactly(metrics, running);
        assertThat(page2).containsExactly(warn);
        assertThat(page1.get(0).metrics().get().validationLoss()).hasValue(0.62);
    }

    @Test
    void listCheckpoints_threeEpochs_carryMetrics() {
        backend.put(job("ftjob-k").status(JobStatus.SUCCEEDED).build());
        Checkpoint c = new Checkpoint("ftckpt_3", "ftjob-k", "ft:gpt-4o-mini-2024-07-18:org:x:abc:ckpt-step-88", 88,
            Instant.parse("2026-11-24T10:10:00Z"), Optional.of(new JobMetrics(88, 0, 0.478, 10.112, 0.567, 0.924, 0.145)));
        Checkpoint older = new Checkpoint("ftckpt_2", c.jobId(), c.model(), 59, c.createdAt(),
            Optional.of(new JobMetrics(59, 0, 0.6, Double.NaN, Double.NaN, 0.9, Double.NaN)));
        backend.checkpoints.put("ftjob-k", List.of(c, older));

        List<Checkpoint> checkpoints = openai.listCheckpoints("ftjob-k", 10);

        assertThat(checkpoints).containsExactly(c, older);
        assertThat(checkpoints.get(1).metrics().get().validationLoss()).isEmpty();
    }

    @Test
    void listModels_fineTunedModelWithShutdownDate_readsBaseModelAndShutdownDate() {
        ModelInfo base = ModelInfo.builder().id("gpt-4o-mini-2024-07-18").ownedBy("system")
            .createdAt(Instant.parse("2024-07-18T00:00:00Z")).shutdownDate(LocalDate.parse("2026-10-23")).build();
        ModelInfo tuned = ModelInfo.builder().id("ft:gpt-4o-mini-2024-07-18:slabstak:card-id:abc123").ownedBy("org-123")
            .createdAt(Instant.parse("2026-11-20T00:00:00Z")).baseModel("gpt-4o-mini-2024-07-18").build();
        backend.models.put(base.id(), base);
        backend.models.put(tuned.id(), tuned);

        List<ModelInfo> models = openai.listModels();

        assertThat(models).containsExactly(base, tuned);
        assertThat(models.get(1).isFineTuned()).isTrue();
        assertThat(openai.retrieveModel(base.id()).shutdownDate()).contains(LocalDate.parse("2026-10-23"));
    }

    @Test
    void deleteModel_fineTunedModel_removesItSoRetrieveThrowsNotFound() {
        String id = "ft:gpt-4o-mini-2024-07-18:slabstak:card-id:abc123";
        backend.models.put(id, ModelInfo.builder().id(id).ownedBy("org-123").build());

        openai.deleteModel(id);

        assertThat(backend.models).doesNotContainKey(id);
        assertThat(server.requests("DELETE", "/models/").get(0).route()).isEqualTo("/models/" + id);
        assertThatThrownBy(() -> openai.retrieveModel(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void createJob_responseLost_jobExistsOnceAndIsFoundByItsIdempotencyKey() throws Exception {
        FineTuningBackend retrying = backend(Map.of("slabml.openai.max_retries", "2"));
        String fileId = retrying.uploadFile(trainingFile()).id();
        server.inject("POST", "/fine_tuning/jobs", 1, HttpFault.lostResponse());
        JobRequest request = JobRequest.builder().trainingFileId(fileId).model("gpt-4o-mini-2024-07-18").idempotencyKey("order-42").build();

        assertThatThrownBy(() -> retrying.createJob(request))
            .isInstanceOf(ProviderUnavailableException.class)
            .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isTrue());
        Optional<FineTuningJob> found = retrying.findJobByIdempotencyKey("order-42");

        assertThat(server.requests("POST", "/fine_tuning/jobs")).as("create is never retried by the SDK").hasSize(1);
        assertThat(backend.jobs).hasSize(1);
        assertThat(found).isPresent();
        assertThat(found.get().id()).isEqualTo(backend.jobs.keySet().iterator().next());
        RecordedRequest lookup = server.requests("GET", "/fine_tuning/jobs").get(0);
        assertThat(lookup.queryParam("metadata[" + FineTuningBackend.IDEMPOTENCY_METADATA_KEY + "]")).contains("order-42");
        retrying.close();
    }

    @Test
    void findJobByIdempotencyKey_unknownKey_returnsEmpty() throws Exception {
        String fileId = openai.uploadFile(trainingFile()).id();
        openai.createJob(JobRequest.builder().trainingFileId(fileId).model("gpt-4o-mini-2024-07-18").idempotencyKey("a").build());

        assertThat(openai.findJobByIdempotencyKey("b")).isEmpty();
        assertThat(openai.findJobByIdempotencyKey("a")).isPresent();
    }

    @Test
    void findJobByIdempotencyKey_serverWithoutMetadataFilter_findsTheJobAmongRecentJobs() throws Exception {
        String fileId = openai.uploadFile(trainingFile()).id();
        String wanted = openai.createJob(JobRequest.builder().trainingFileId(fileId).model("gpt-4o-mini-2024-07-18")
            .idempotencyKey("early").build()).id();
        for (int i = 0; i < 12; i++) {
            openai.createJob(JobRequest.builder().trainingFileId(fileId).model("gpt-4o-mini-2024-07-18")
                .idempotencyKey("later-" + i).build());
        }
        server.metadataFilter(false);

        Optional<FineTuningJob> found = openai.findJobByIdempotencyKey("early");

        assertThat(found).map(FineTuningJob::id).contains(wanted);
        List<RecordedRequest> lookups = server.requests("GET", "/fine_tuning/jobs");
        assertThat(lookups).hasSize(2);
        assertThat(lookups.get(1).queryParam("limit")).contains("100");
        assertThat(openai.findJobByIdempotencyKey("never")).isEmpty();
    }

    @Test
    void sdkRetries_oneServerErrorWithRetriesConfigured_succeedsOnTheSecondAttempt() {
        FineTuningBackend retrying = backend(Map.of("slabml.openai.max_retries", "1"));
        backend.put(job("ftjob-r").build());
        server.inject("GET", "/fine_tuning/jobs/ftjob-r", 1,
            HttpFault.status(500, null, "The server had an error").withRetryAfter(Duration.ZERO));

        FineTuningJob job = retrying.retrieveJob("ftjob-r");

        assertThat(job.id()).isEqualTo("ftjob-r");
        assertThat(server.requests("GET", "/fine_tuning/jobs/ftjob-r")).hasSize(2);
        retrying.close();
    }

    @Test
    void trainingFileBody_isSentUnchanged() throws Exception {
        Path file = dir.resolve("utf8.jsonl");
        String line = "{\"messages\":[{\"role\":\"user\",\"content\":\"Pokémon Charizard 1999 — PSA 10\"}]}\n";
        Files.writeString(file, line, StandardCharsets.UTF_8);

        String id = openai.uploadFile(file).id();

        assertThat(new String(backend.fileContents.get(id), StandardCharsets.UTF_8)).isEqualTo(line);
    }
}
