/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningUnavailableException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import com.slabstak.slabml.spi.FineTuningBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedFineTuningBackendTest {
    private static final String BASE = "gpt-4o-mini-2024-07-18";

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.create();
    private final SimulatedFineTuningBackend backend = SimulatedFineTuningBackend.builder().clock(clock).build();

    static Path trainingFile(Path dir, String name, int examples) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < examples; i++) {
            sb.append("{\"messages\":[{\"role\":\"user\",\"content\":\"card ").append(i)
                .append("\"},{\"role\":\"assistant\",\"content\":\"{}\"}]}\n");
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb.toString());
        return f;
    }

    private FineTuningJob create(int examples) throws IOException {
        String fileId = backend.uploadFile(trainingFile(dir, "train" + examples + ".jsonl", examples)).id();
        return backend.createJob(JobRequest.builder().trainingFileId(fileId).model(BASE).suffix("cards").build());
    }

    @Test
    void retrieveJob_asClockAdvances_walksThroughLifecycleToSucceeded() throws IOException {
        // given
        FineTuningJob job = create(30);
        assertThat(job.status()).isEqualTo(JobStatus.VALIDATING_FILES);
        assertThat(job.estimatedFinish()).isPresent();
        // when / then
        clock.advance(Duration.ofSeconds(90));
        assertThat(backend.retrieveJob(job.id()).status()).isEqualTo(JobStatus.QUEUED);
        clock.advance(Duration.ofMinutes(2));
        assertThat(backend.retrieveJob(job.id()).status()).isEqualTo(JobStatus.RUNNING);
        clock.advance(Duration.ofHours(2));
        FineTuningJob done = backend.retrieveJob(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.fineTunedModel()).hasValueSatisfying(m -> assertThat(m).startsWith("ft:" + BASE + ":"));
        assertThat(done.trainedTokens()).isPresent();
        assertThat(done.finishedAt()).hasValue(job.createdAt().plus(done.hyperparameters().epochs().orElseThrow()
            * 4L, java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(3)));
        assertThat(done.error()).isEmpty();
    }

    @Test
    void createJob_fewerThanTenExamples_failsWithInvalidNExamples() throws IOException {
        FineTuningJob job = create(7);
        clock.advance(Duration.ofMinutes(5));
        FineTuningJob failed = backend.retrieveJob(job.id());
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).hasValue(new JobError("invalid_n_examples",
            "Training file has 7 example(s), but must have at least 10 examples", "training_file"));
    }

    @Test
    void listEvents_running_hasMetricsNewestFirstAndPagesWithAfter() throws IOException {
        // given
        FineTuningJob job = create(20);
        clock.advance(Duration.ofMinutes(10));
        // when
        List<JobEvent> first = backend.listEvents(job.id(), 3, null);
        List<JobEvent> next = backend.listEvents(job.id(), 3, first.get(2).id());
        // then
        assertThat(first).hasSize(3);
        assertThat(first.get(0).createdAt()).isAfterOrEqualTo(first.get(2).createdAt());
        assertThat(next.get(0).createdAt()).isBeforeOrEqualTo(first.get(2).createdAt());
        assertThat(next).extracting(JobEvent::id).doesNotContainAnyElementsOf(first.stream().map(JobEvent::id).toList());
        List<JobEvent> all = backend.listEvents(job.id(), 1000, null);
        assertThat(all).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("metrics");
            assertThat(e.metrics()).hasValueSatisfying(m -> {
                assertThat(m.step()).isPositive();
                assertThat(m.totalSteps()).isGreaterThanOrEqualTo(m.step());
                assertThat(m.trainingLoss()).isPresent();
                assertThat(m.validationLoss()).isEmpty();
            });
        });
    }

    @Test
    void listCheckpoints_succeeded_keepsLastThreeEpochsNewestFirst() throws IOException {
        String fileId = backend.uploadFile(trainingFile(dir, "t.jsonl", 50)).id();
        FineTuningJob job = backend.createJob(JobRequest.builder().trainingFileId(fileId).model(BASE)
            .hyperparameters(com.slabstak.slabml.Hyperparameters.builder().epochs(5).build()).build());
        backend.finish(job.id());
        var checkpoints = backend.listCheckpoints(job.id(), 10);
        assertThat(checkpoints).hasSize(3);
        assertThat(checkpoints.get(0).step()).isGreaterThan(checkpoints.get(1).step());
        assertThat(checkpoints.get(0).metrics()).isPresent();
    }

    @Test
    void cancelJob_running_isCancelledAndStaysCancelled() throws IOException {
        FineTuningJob job = create(30);
        clock.advance(Duration.ofMinutes(4));
        FineTuningJob cancelled = backend.cancelJob(job.id());
        clock.advance(Duration.ofHours(3));
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(backend.retrieveJob(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(backend.retrieveJob(job.id()).fineTunedModel()).isEmpty();
        assertThatThrownBy(() -> backend.cancelJob(job.id())).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void pauseJob_thenResume_delaysFinishByThePause() throws IOException {
        FineTuningJob job = create(30);
        clock.advance(Duration.ofMinutes(4));
        assertThat(backend.pauseJob(job.id()).status()).isEqualTo(JobStatus.PAUSED);
        clock.advance(Duration.ofHours(5));
        assertThat(backend.retrieveJob(job.id()).status()).isEqualTo(JobStatus.PAUSED);
        assertThat(backend.resumeJob(job.id()).status()).isEqualTo(JobStatus.RUNNING);
        FineTuningJob done = backend.finish(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(Duration.between(job.createdAt(), done.finishedAt().orElseThrow())).isGreaterThan(Duration.ofHours(5));
        assertThat(backend.listEvents(job.id(), 100, null)).extracting(JobEvent::message)
            .contains("Fine-tuning job paused", "Fine-tuning job resumed");
    }

    @Test
    void listModels_afterSuccess_hasBaseModelsWithShutdownAndTunedModelWithBase() throws IOException {
        SimulatedFineTuningBackend b = SimulatedFineTuningBackend.builder().clock(clock)
            .addBaseModel("gpt-old", LocalDate.parse("2026-02-01")).build();
        String fileId = b.uploadFile(trainingFile(dir, "t.jsonl", 12)).id();
        FineTuningJob job = b.createJob(JobRequest.builder().trainingFileId(fileId).model("gpt-old").build());
        String model = b.finish(job.id()).fineTunedModel().orElseThrow();
        List<ModelInfo> models = b.listModels();
        assertThat(models).anySatisfy(m -> {
            assertThat(m.id()).isEqualTo("gpt-old");
            assertThat(m.shutdownDate()).hasValue(LocalDate.parse("2026-02-01"));
        });
        assertThat(b.retrieveModel(model).baseModel()).hasValue("gpt-old");
        assertThat(b.retrieveModel(model).isFineTuned()).isTrue();
        b.deleteModel(model);
        assertThatThrownBy(() -> b.retrieveModel(model)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void state_justSucceeded_isLoadingUntilSettleTimePasses() throws IOException {
        FineTuningJob job = create(30);
        clock.advance(Duration.ofMinutes(15));
        FineTuningJob done = backend.retrieveJob(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        String model = done.fineTunedModel().orElseThrow();
        clock.set(done.finishedAt().orElseThrow().plusSeconds(60));
        assertThat(backend.state(model).kind()).isEqualTo(ModelSource.Kind.LOADING);
        clock.advance(Duration.ofMinutes(3));
        assertThat(backend.state(model).kind()).isEqualTo(ModelSource.Kind.TUNED);
        assertThat(backend.state(model).trainingJsonl()).contains("card 29");
    }

    @Test
    void createJob_withIdempotencyKeyAndLostResponse_isFoundByKey() throws IOException {
        // given
        backend.faults().loseCreateResponse(1);
        String fileId = backend.uploadFile(trainingFile(dir, "t.jsonl", 12)).id();
        JobRequest request = JobRequest.builder().trainingFileId(fileId).model(BASE).idempotencyKey("key-1")
            .putMetadata("team", "cards").build();
        // when
        assertThatThrownBy(() -> backend.createJob(request)).isInstanceOf(ProviderTimeoutException.class);
        // then
        FineTuningJob found = backend.findJobByIdempotencyKey("key-1").orElseThrow();
        assertThat(found.metadata()).containsEntry(FineTuningBackend.IDEMPOTENCY_METADATA_KEY, "key-1")
            .containsEntry("team", "cards");
        assertThat(backend.listJobs(10, null)).hasSize(1);
        assertThat(backend.findJobByIdempotencyKey("other")).isEmpty();
    }

    @Test
    void faults_rateLimitTwice_thenSucceeds() throws IOException {
        backend.faults().rateLimit(Faults.Operation.RETRIEVE_JOB, 2).dailyRateLimit(Faults.Operation.LIST_JOBS, 1);
        FineTuningJob job = create(12);
        assertThatThrownBy(() -> backend.retrieveJob(job.id())).isInstanceOfSatisfying(RateLimitException.class,
            e -> assertThat(e.isRetryable()).isTrue());
        assertThatThrownBy(() -> backend.retrieveJob(job.id())).isInstanceOf(RateLimitException.class);
        assertThat(backend.retrieveJob(job.id()).id()).isEqualTo(job.id());
        assertThatThrownBy(() -> backend.listJobs(5, null)).isInstanceOfSatisfying(RateLimitException.class,
            e -> assertThat(e.isDaily()).isTrue());
        assertThat(backend.calls(Faults.Operation.RETRIEVE_JOB)).hasSize(3);
    }

    @Test
    void faults_fineTuningUnavailable_refusesEveryCreate() throws IOException {
        backend.faults().fineTuningUnavailable().serverError(Faults.Operation.UPLOAD_FILE, 1);
        Path f = trainingFile(dir, "t.jsonl", 12);
        assertThatThrownBy(() -> backend.uploadFile(f)).isInstanceOf(ProviderUnavailableException.class);
        String fileId = backend.uploadFile(f).id();
        JobRequest r = JobRequest.builder().trainingFileId(fileId).model(BASE).build();
        assertThatThrownBy(() -> backend.createJob(r)).isInstanceOf(FineTuningUnavailableException.class);
        assertThatThrownBy(() -> backend.createJob(r)).isInstanceOf(FineTuningUnavailableException.class);
        assertThat(backend.listJobs(5, null)).isEmpty();
    }

    @Test
    void faults_failNextJob_jobFailsWithThatError() throws IOException {
        JobError error = new JobError("server_error", "Internal error while training", null);
        backend.faults().failNextJob(error);
        FineTuningJob job = backend.finish(create(30).id());
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error()).hasValue(error);
        assertThat(job.fineTunedModel()).isEmpty();
    }

    @Test
    void uploadFile_notJsonl_isRefused() throws IOException {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, "a,b");
        assertThatThrownBy(() -> backend.uploadFile(f)).isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.param()).hasValue("file"));
    }

    @Test
    void reset_afterWork_forgetsJobsAndStaysUsable() throws IOException {
        create(12);
        backend.faults().rateLimit(Faults.Operation.LIST_JOBS, 1);
        backend.reset();
        assertThat(backend.listJobs(10, null)).isEmpty();
        assertThat(backend.uploadedFiles()).isEmpty();
        assertThat(create(12).status()).isEqualTo(JobStatus.VALIDATING_FILES);
    }

    @Test
    void advancePerObservation_withSystemClock_finishesInAFewPolls() throws IOException {
        SimulatedFineTuningBackend fast = SimulatedFineTuningBackend.builder().clock(java.time.Clock.systemUTC())
            .advancePerObservation(Duration.ofMinutes(2)).build();
        String fileId = fast.uploadFile(trainingFile(dir, "t.jsonl", 30)).id();
        FineTuningJob job = fast.createJob(JobRequest.builder().trainingFileId(fileId).model(BASE).build());
        int polls = 0;
        while (!job.isTerminal() && polls < 100) {
            job = fast.retrieveJob(job.id());
            polls++;
        }
        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(polls).isBetween(3, 20);
    }
}
