/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link FineTuningBackend} does: upload, then create, then retrieve; list newest first
 * with a limit and an {@code after} cursor; cancel; events newest first with paging, including
 * metrics; checkpoints; the idempotency key found again; a job on too few examples fails with
 * {@code invalid_n_examples}; the fine-tuned model listed with its base model and deletable;
 * unknown jobs and models are {@link NotFoundException}.
 *
 * <p>Subclasses create the backend and drive a job to a terminal status (a simulated backend advances
 * its clock, a provider against a simulated server tells the server to finish the job).
 */
public abstract class FineTuningBackendContract {
    @TempDir
    Path contractFiles;

    private FineTuningBackend backend;

    /** Returns a new backend with no files, jobs or fine-tuned models; closed after each test. */
    protected abstract FineTuningBackend createBackend();

    /**
     * Makes the job reach a terminal status (and, if it succeeded, its model answer), then
     * returns the job as the backend reports it.
     */
    protected abstract FineTuningJob runToCompletion(String jobId);

    /** The base model jobs are created on. */
    protected String baseModel() {
        return "gpt-4o-mini-2024-07-18";
    }

    /**
     * Checks the name of a model a job on {@link #baseModel()} produced; OpenAI's is
     * {@code ft:<base>:<org>:<suffix>:<id>}. Providers that name models otherwise override this.
     */
    protected void assertFineTunedModelName(String model) {
        assertThat(model).startsWith("ft:" + baseModel());
    }

    /**
     * Checks the error of a job whose training file had 7 examples, fewer than the 10 required;
     * OpenAI reports {@code invalid_n_examples} on {@code training_file}. Providers that report it
     * otherwise override this.
     */
    protected void assertTooFewExamplesError(JobError error) {
        assertThat(error.code()).isEqualTo("invalid_n_examples");
        assertThat(error.message()).contains("7 example(s)");
        assertThat(error.paramName()).hasValue("training_file");
    }

    @BeforeEach
    void openBackend() {
        backend = createBackend();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    /** Returns the backend under test. */
    protected final FineTuningBackend backend() {
        return backend;
    }

    /** Writes a chat fine-tuning file with {@code examples} lines. */
    protected final Path trainingFile(String name, int examples) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < examples; i++) {
            sb.append("{\"messages\":[{\"role\":\"system\",\"content\":\"Identify the card.\"},")
                .append("{\"role\":\"user\",\"content\":\"OCR text:\\nMIKE TROUT 2011 TOPPS UPDATE #US175 PSA ")
                .append(1 + i % 10).append("\"},{\"role\":\"assistant\",\"content\":\"{\\\"player\\\":\\\"Mike Trout\\\"")
                .append(",\\\"year\\\":\\\"2011\\\",\\\"brand\\\":\\\"Topps\\\"}\"}]}\n");
        }
        try {
            Path f = contractFiles.resolve(name);
            Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
            return f;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Uploads a valid training file and creates a job on it. */
    protected final FineTuningJob createJob(String suffix) {
        UploadedFile file = backend.uploadFile(trainingFile(suffix + ".jsonl", 20));
        return backend.createJob(JobRequest.builder().trainingFileId(file.id()).model(baseModel()).suffix(suffix).build());
    }

    @Test
    void uploadFile_jsonl_returnsIdNameAndSize() {
        Path f = trainingFile("train.jsonl", 12);
        UploadedFile uploaded = backend.uploadFile(f);
        assertThat(uploaded.id()).isNotBlank();
        assertThat(uploaded.filename()).isEqualTo("train.jsonl");
        assertThat(uploaded.bytes()).isPositive();
        assertThat(uploaded.purpose()).isEqualTo("fine-tune");
    }

    @Test
    void createJob_thenRetrieve_returnsTheSameJob() {
        // given
        UploadedFile file = backend.uploadFile(trainingFile("train.jsonl", 20));
        // when
        FineTuningJob created = backend.createJob(JobRequest.builder().trainingFileId(file.id()).model(baseModel())
            .suffix("cards").putMetadata("team", "cards").build());
        FineTuningJob retrieved = backend.retrieveJob(created.id());
        // then
        assertThat(retrieved.id()).isEqualTo(created.id());
        assertThat(retrieved.model()).isEqualTo(baseModel());
        assertThat(retrieved.trainingFileId()).isEqualTo(file.id());
        assertThat(retrieved.metadata()).containsEntry("team", "cards");
        assertThat(created.status().isTerminal()).isFalse();
        assertThat(created.error()).isEmpty();
    }

    @Test
    void createJob_withIdempotencyKey_isFoundByThatKey() {
        UploadedFile file = backend.uploadFile(trainingFile("train.jsonl", 20));
        FineTuningJob created = backend.createJob(JobRequest.builder().trainingFileId(file.id()).model(baseModel())
            .idempotencyKey("contract-key-1").build());
        assertThat(backend.findJobByIdempotencyKey("contract-key-1")).map(FineTuningJob::id).hasValue(created.id());
        assertThat(backend.retrieveJob(created.id()).metadata())
            .containsEntry(FineTuningBackend.IDEMPOTENCY_METADATA_KEY, "contract-key-1");
        assertThat(backend.findJobByIdempotencyKey("contract-key-unknown")).isEmpty();
    }

    @Test
    void listJobs_threeJobs_newestFirstWithLimitAndAfter() {
        FineTuningJob first = createJob("one");
        FineTuningJob second = createJob("two");
        FineTuningJob third = createJob("three");
        assertThat(backend.listJobs(2, null)).extracting(FineTuningJob::id).containsExactly(third.id(), second.id());
        assertThat(backend.listJobs(2, second.id())).extracting(FineTuningJob::id).containsExactly(first.id());
        assertThat(backend.listJobs(10, null)).hasSize(3);
    }

    @Test
    void cancelJob_notFinished_isCancelled() {
        FineTuningJob job = createJob("cancel");
        FineTuningJob cancelled = backend.cancelJob(job.id());
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(backend.retrieveJob(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(backend.retrieveJob(job.id()).fineTunedModel()).isEmpty();
    }

    @Test
    void runToCompletion_validJob_succeedsWithModelEventsAndCheckpoints() {
        // given
        FineTuningJob job = createJob("cards");
        // when
        FineTuningJob done = runToCompletion(job.id());
        // then
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.finishedAt()).isPresent();
        assertThat(done.error()).isEmpty();
        String model = done.fineTunedModel().orElseThrow();
        assertFineTunedModelName(model);
        List<JobEvent> events = backend.listEvents(job.id(), 100, null);
        assertThat(events).isNotEmpty();
        assertThat(events).anySatisfy(e -> assertThat(e.metrics()).hasValueSatisfying(m -> {
            assertThat(m.step()).isPositive();
            assertThat(m.totalSteps()).isGreaterThanOrEqualTo(m.step());
        }));
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i - 1).createdAt()).isAfterOrEqualTo(events.get(i).createdAt());
        }
        List<Checkpoint> checkpoints = backend.listCheckpoints(job.id(), 10);
        assertThat(checkpoints).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(checkpoints).allSatisfy(c -> assertThat(c.jobId()).isEqualTo(job.id()));
    }

    @Test
    void listEvents_pagedWithAfter_returnsOlderEventsWithoutRepeats() {
        FineTuningJob job = createJob("paging");
        runToCompletion(job.id());
        List<JobEvent> all = backend.listEvents(job.id(), 100, null);
        assertThat(all.size()).isGreaterThanOrEqualTo(4);
        List<JobEvent> first = backend.listEvents(job.id(), 2, null);
        List<JobEvent> second = backend.listEvents(job.id(), 2, first.get(1).id());
        assertThat(first).extracting(JobEvent::id).containsExactly(all.get(0).id(), all.get(1).id());
        assertThat(second).extracting(JobEvent::id).containsExactly(all.get(2).id(), all.get(3).id());
    }

    @Test
    void runToCompletion_fewerThanTenExamples_failsWithInvalidNExamples() {
        UploadedFile file = backend.uploadFile(trainingFile("small.jsonl", 7));
        FineTuningJob job = backend.createJob(JobRequest.builder().trainingFileId(file.id()).model(baseModel()).build());
        FineTuningJob done = runToCompletion(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.fineTunedModel()).isEmpty();
        assertThat(done.error()).hasValueSatisfying(this::assertTooFewExamplesError);
    }

    @Test
    void listModels_afterSuccess_listsBaseAndFineTunedModelWithItsBase() {
        String model = runToCompletion(createJob("models").id()).fineTunedModel().orElseThrow();
        List<ModelInfo> models = backend.listModels();
        Set<String> ids = models.stream().map(ModelInfo::id).collect(Collectors.toSet());
        assertThat(ids).contains(baseModel(), model);
        ModelInfo tuned = backend.retrieveModel(model);
        assertThat(tuned.baseModel()).hasValue(baseModel());
        assertThat(tuned.isFineTuned()).isTrue();
        assertThat(backend.retrieveModel(baseModel()).isFineTuned()).isFalse();
    }

    @Test
    void deleteModel_fineTuned_isNotFoundAfterwards() {
        String model = runToCompletion(createJob("delete").id()).fineTunedModel().orElseThrow();
        backend.deleteModel(model);
        assertThatThrownBy(() -> backend.retrieveModel(model)).isInstanceOf(NotFoundException.class);
        assertThat(backend.listModels()).extracting(ModelInfo::id).doesNotContain(model);
    }

    @Test
    void retrieve_unknownJobOrModel_isNotFound() {
        assertThatThrownBy(() -> backend.retrieveJob("ftjob-does-not-exist")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> backend.retrieveModel("ft:gpt-4o-mini-2024-07-18:nobody::none"))
            .isInstanceOf(NotFoundException.class);
    }
}
