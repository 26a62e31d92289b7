/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningUnavailableException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenDistribution;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.WaitTimeoutException;
import com.slabstak.slabml.core.Sleeper;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.JobStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultFineTuningManagerTest {
    private static final String MODEL = "gpt-4o-mini-2024-07-18";

    /** Line-by-line check: every line must look like a JSON object. */
    private static final DatasetCheck VALIDATOR = (file, model) -> {
        List<ValidationFinding> findings = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (!(l.startsWith("{") && l.endsWith("}"))) {
                findings.add(new ValidationFinding(i + 1, "data_type", ValidationFinding.Severity.ERROR,
                    "line is not a JSON object"));
            }
        }
        return new ValidationReport(file.toString(), lines.size(), findings);
    };

    @TempDir
    Path dir;

    private MutableClock clock;
    private ScriptedBackend backend;
    private JobStore jobs;
    private List<Duration> sleeps;
    private List<Object[]> costCalls;
    private DefaultFineTuningManager manager;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        backend = new ScriptedBackend(clock);
        jobs = MemoryStores.create().jobs();
        sleeps = new ArrayList<>();
        costCalls = new ArrayList<>();
        manager = newManager();
    }

    private DefaultFineTuningManager newManager() {
        CostModel cost = (file, model, epochs) -> {
            costCalls.add(new Object[] {file, model, epochs});
            return CostEstimate.builder().model(model).epochs(epochs == null ? 3 : epochs)
                .pricePerMillionTokens(new BigDecimal("3.00")).cost(BigDecimal.ONE)
                .priceDate(LocalDate.of(2026, 1, 1)).distribution(TokenDistribution.EMPTY).build();
        };
        Sleeper sleeper = d -> {
            sleeps.add(d);
            clock.advance(d);
        };
        return new DefaultFineTuningManager(backend, jobs, VALIDATOR, cost, clock, sleeper, v -> { },
            TestCatalog.create());
    }

    private Path file(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    private static JobRequest request() {
        return JobRequest.builder().trainingFileId("file-1").model(MODEL).suffix("card-id")
            .task(TaskName.CARD_IDENTIFICATION).build();
    }

    // ---- upload

    @Test
    void upload_validJsonl_sendsTheFile() throws IOException {
        // given
        Path f = file("train.jsonl", "{\"messages\":[]}", "{\"messages\":[]}");

        // when
        UploadedFile uploaded = manager.upload(f);

        // then
        assertThat(uploaded.filename()).isEqualTo("train.jsonl");
        assertThat(backend.uploads).containsExactly(f.toRealPath());
    }

    @Test
    void upload_missingFile_throwsNamingItAndSendsNothing() {
        // when / then
        assertThatThrownBy(() -> manager.upload(dir.resolve("nope.jsonl")))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("nope.jsonl")
            .hasMessageContaining("does not exist");
        assertThat(backend.uploads).isEmpty();
    }

    @Test
    void upload_notJsonl_throws() throws IOException {
        // given
        Path f = file("train.csv", "{}");

        // when / then
        assertThatThrownBy(() -> manager.upload(f))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("must be a .jsonl file");
        assertThat(backend.uploads).isEmpty();
    }

    @Test
    void upload_directoryNamedJsonl_throws() throws IOException {
        // given
        Path d = Files.createDirectory(dir.resolve("data.jsonl"));

        // when / then
        assertThatThrownBy(() -> manager.upload(d))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("not a regular file");
    }

    @Test
    void upload_jsonlLinkToOtherFile_throwsNamingTheTarget() throws IOException {
        // given
        Path target = file("secrets.txt", "{}");
        Path link = Files.createSymbolicLink(dir.resolve("train.jsonl"), target);

        // when / then
        assertThatThrownBy(() -> manager.upload(link))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("secrets.txt");
        assertThat(backend.uploads).isEmpty();
    }

    @Test
    void upload_over512Megabytes_throwsWithoutReadingIt() throws IOException {
        // given: a sparse file just over the limit
        Path f = dir.resolve("big.jsonl");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(TestCatalog.MAX_FILE_BYTES + 1);
        }

        // when / then
        assertThatThrownBy(() -> manager.upload(f))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("at most " + TestCatalog.MAX_FILE_BYTES + " bytes");
        assertThat(backend.uploads).isEmpty();
    }

    @Test
    void upload_invalidLine_throwsNamingFileAndFirstBadLine() throws IOException {
        // given
        Path f = file("train.jsonl", "{\"messages\":[]}", "not json", "{\"messages\":[]}", "also bad");

        // when / then
        assertThatThrownBy(() -> manager.upload(f))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("train.jsonl line 2")
            .hasMessageContaining("2 errors")
            .satisfies(e -> assertThat(((InvalidInputException) e).line()).hasValue(2));
        assertThat(backend.uploads).isEmpty();
    }

    // ---- create

    @Test
    void createJob_noIdempotencyKey_tracksJobBeforeSendingWithKeyInMetadata() {
        // given
        List<TrackedJob> trackedAtSend = new ArrayList<>();
        backend.beforeCreate = () -> trackedAtSend.addAll(jobs.list());

        // when
        FineTuningJob job = manager.createJob(request());

        // then
        assertThat(trackedAtSend).hasSize(1);
        String key = trackedAtSend.get(0).idempotencyKey();
        assertThat(trackedAtSend.get(0).jobId()).isEmpty();
        assertThat(job.metadata()).containsEntry(FineTuningBackend.IDEMPOTENCY_METADATA_KEY, key);
        TrackedJob tracked = jobs.findByIdempotencyKey(key).orElseThrow();
        assertThat(tracked.jobId()).contains(job.id());
        assertThat(tracked.status()).contains(JobStatus.VALIDATING_FILES);
        assertThat(tracked.task()).contains(TaskName.CARD_IDENTIFICATION);
    }

    @Test
    void createJob_sameKeyTwice_createsOneJob() {
        // given
        JobRequest request = request().toBuilder().idempotencyKey("run-42").build();

        // when
        FineTuningJob first = manager.createJob(request);
        FineTuningJob second = manager.createJob(request);

        // then
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(backend.createCalls).hasSize(1);
        assertThat(backend.createdJobs()).isEqualTo(1);
    }

    @Test
    void createJob_sameKeyForDifferentTrainingFile_throwsAndSendsNothing() {
        // given
        manager.createJob(request().toBuilder().idempotencyKey("run-42").build());

        // when / then
        assertThatThrownBy(() -> manager.createJob(request().toBuilder().idempotencyKey("run-42")
                .trainingFileId("file-2").build()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("idempotency_key")
            .hasMessageContaining("file-1");
        assertThat(backend.createCalls).hasSize(1);
    }

    @Test
    void createJob_responseLost_recoversTheCreatedJobWithoutCreatingAnother() {
        // given
        backend.createOutcomes.add(ScriptedBackend.CreateOutcome.LOSE_RESPONSE);

        // when
        FineTuningJob job = manager.createJob(request());

        // then
        assertThat(backend.createdJobs()).isEqualTo(1);
        assertThat(backend.createCalls).hasSize(1);
        assertThat(jobs.findByJobId(job.id())).isPresent();
    }

    @Test
    void createJob_failedBeforeTheJobExisted_sendsOnceMore() {
        // given
        backend.createOutcomes.add(ScriptedBackend.CreateOutcome.FAIL_BEFORE);

        // when
        FineTuningJob job = manager.createJob(request());

        // then
        assertThat(backend.createCalls).hasSize(2);
        assertThat(backend.createdJobs()).isEqualTo(1);
        assertThat(jobs.findByJobId(job.id())).isPresent();
    }

    @Test
    void createJob_secondAttemptAlsoLost_throwsAndRetryWithSameKeyRecovers() {
        // given
        backend.createOutcomes.add(ScriptedBackend.CreateOutcome.FAIL_BEFORE);
        backend.createOutcomes.add(ScriptedBackend.CreateOutcome.LOSE_RESPONSE);
        JobRequest request = request().toBuilder().idempotencyKey("run-7").build();

        // when
        assertThatThrownBy(() -> manager.createJob(request)).isInstanceOf(ProviderUnavailableException.class);
        FineTuningJob job = manager.createJob(request);

        // then
        assertThat(backend.createCalls).hasSize(2);
        assertThat(backend.createdJobs()).isEqualTo(1);
        assertThat(jobs.findByIdempotencyKey("run-7").orElseThrow().jobId()).contains(job.id());
    }

    @Test
    void createJob_invalidRequest_isNotRetried() {
        // given
        backend.createOutcomes.add(ScriptedBackend.CreateOutcome.FAIL_BEFORE);
        backend.createFailure = () -> new InvalidRequestException("invalid model", 400, "invalid_model", "model", null);

        // when / then
        assertThatThrownBy(() -> manager.createJob(request())).isInstanceOf(InvalidRequestException.class);
        assertThat(backend.createCalls).hasSize(1);
    }

    @Test
    void createJob_rateLimited_isNotRetriedOnTopOfTheClient() {
        // given
        backend.createOutcomes.add(ScriptedBackend.CreateOutcome.FAIL_BEFORE);
        backend.createFailure = () -> new RateLimitException("daily limit", "daily_rate_limit_exceeded", null, null);

        // when / then
        assertThatThrownBy(() -> manager.createJob(request())).isInstanceOf(RateLimitException.class);
        assertThat(backend.createCalls).hasSize(1);
    }

    @Test
    void createJob_fineTuningUnavailable_surfacesTheBackendError() {
        // given
        backend.createOutcomes.add(ScriptedBackend.CreateOutcome.FAIL_BEFORE);
        backend.createFailure = () -> new FineTuningUnavailableException("fine-tuning unavailable", "forbidden", null);

        // when / then
        assertThatThrownBy(() -> manager.createJob(request())).isInstanceOf(FineTuningUnavailableException.class);
        assertThat(backend.createCalls).hasSize(1);
    }

    @Test
    void createJob_metadataAlreadyFull_throwsAndSendsNothing() {
        // given
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < 16; i++) {
            metadata.put("k" + i, "v");
        }
        JobRequest request = request().toBuilder().metadata(metadata).build();

        // when / then
        assertThatThrownBy(() -> manager.createJob(request))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("metadata");
        assertThat(backend.createCalls).isEmpty();
        assertThat(jobs.list()).isEmpty();
    }

    // ---- wait

    @Test
    void waitForCompletion_jobSucceeds_reportsEachStatusAndEveryEventOnceOldestFirst() {
        // given
        FineTuningJob created = manager.createJob(request());
        backend.script(List.of(JobStatus.VALIDATING_FILES, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RUNNING,
            JobStatus.SUCCEEDED), List.of(1, 1, 3, 4, 2));
        List<String> statuses = new ArrayList<>();
        List<String> events = new ArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void onStatus(FineTuningJob job) {
                statuses.add(job.status().value());
            }

            @Override
            public void onEvent(FineTuningJob job, JobEvent event) {
                events.add(event.id());
            }
        };

        // when
        FineTuningJob done = manager.waitForCompletion(created.id(), WaitOptions.builder().listener(listener).build());

        // then
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(statuses).containsExactly("validating_files", "queued", "running", "succeeded");
        assertThat(events).hasSize(11).doesNotHaveDuplicates();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            expected.add("ftevent-" + i);
        }
        assertThat(events).containsExactlyElementsOf(expected);
        TrackedJob tracked = jobs.findByJobId(created.id()).orElseThrow();
        assertThat(tracked.status()).contains(JobStatus.SUCCEEDED);
        assertThat(tracked.fineTunedModel()).isEqualTo(done.fineTunedModel());
    }

    @Test
    void waitForCompletion_jobSucceeds_reportsTheFinalStatusAfterTheEventsThatLedToIt() {
        // given
        FineTuningJob created = manager.createJob(request());
        backend.script(List.of(JobStatus.RUNNING, JobStatus.SUCCEEDED), List.of(2, 3));
        List<String> timeline = new ArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void onStatus(FineTuningJob job) {
                timeline.add("status:" + job.status().value());
            }

            @Override
            public void onEvent(FineTuningJob job, JobEvent event) {
                timeline.add("event:" + event.id());
            }
        };

        // when
        manager.waitForCompletion(created.id(), WaitOptions.builder().listener(listener).build());

        // then: a running status opens its poll's events, the terminal status closes them
        assertThat(timeline).containsExactly("status:running", "event:ftevent-1", "event:ftevent-2",
            "event:ftevent-3", "event:ftevent-4", "event:ftevent-5", "status:succeeded");
    }

    @Test
    void waitForCompletion_trackedJobSucceeds_reportsTheProducedModelOnce() {
        // given
        List<ModelVersion> produced = new ArrayList<>();
        Sleeper sleeper = clock::advance;
        DefaultFineTuningManager registering = new DefaultFineTuningManager(backend, jobs, VALIDATOR,
            (file, model, epochs) -> { throw new AssertionError("not used"); }, clock, sleeper, produced::add);
        FineTuningJob created = registering.createJob(request());
        backend.script(List.of(JobStatus.RUNNING, JobStatus.SUCCEEDED), List.of(1, 1));

        // when: waited for, then asked again
        FineTuningJob done = registering.waitForCompletion(created.id(), WaitOptions.defaults());
        registering.status(created.id());

        // then
        assertThat(produced).singleElement().satisfies(v -> {
            assertThat(v.task()).isEqualTo(TaskName.CARD_IDENTIFICATION);
            assertThat(v.modelId()).isEqualTo(done.fineTunedModel().orElseThrow());
            assertThat(v.baseModel()).isEqualTo(MODEL);
            assertThat(v.jobId()).contains(created.id());
            assertThat(v.trainingFile()).contains("file-1");
        });
    }

    @Test
    void waitForCompletion_untrackedJobSucceeds_reportsNothing() {
        // given: a job started elsewhere (not created through this installation)
        List<ModelVersion> produced = new ArrayList<>();
        Sleeper sleeper = clock::advance;
        DefaultFineTuningManager registering = new DefaultFineTuningManager(backend, jobs, VALIDATOR,
            (file, model, epochs) -> { throw new AssertionError("not used"); }, clock, sleeper, produced::add);
        FineTuningJob created = backend.createJob(request());
        backend.script(List.of(JobStatus.SUCCEEDED), List.of(1));

        // when
        registering.waitForCompletion(created.id(), WaitOptions.defaults());

        // then
        assertThat(produced).isEmpty();
    }

    @Test
    void waitForCompletion_longJob_pollIntervalDoublesUpToTheMaximum() {
        // given
        FineTuningJob created = manager.createJob(request());
        List<JobStatus> running = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            running.add(JobStatus.RUNNING);
        }
        running.add(JobStatus.SUCCEEDED);
        backend.script(running, List.of());

        // when
        manager.waitForCompletion(created.id(), WaitOptions.builder()
            .pollInterval(Duration.ofSeconds(5)).maxPollInterval(Duration.ofSeconds(60)).build());

        // then
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    @Test
    void waitForCompletion_timeoutPasses_throwsWithLastSeenJobAndNeverSleepsPastIt() {
        // given
        FineTuningJob created = manager.createJob(request());
        List<JobStatus> running = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            running.add(JobStatus.RUNNING);
        }
        backend.script(running, List.of());
        Instant start = clock.instant();

        // when / then
        assertThatThrownBy(() -> manager.waitForCompletion(created.id(), WaitOptions.builder()
                .pollInterval(Duration.ofSeconds(5)).maxPollInterval(Duration.ofSeconds(60))
                .timeout(Duration.ofMinutes(2)).build()))
            .isInstanceOf(WaitTimeoutException.class)
            .satisfies(e -> assertThat(((WaitTimeoutException) e).lastSeen().status()).isEqualTo(JobStatus.RUNNING));
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void waitForCompletion_resumedByNewManagerAfterRestart_finishesAndUpdatesTrackedJob() {
        // given: a first process times out while the job runs
        FineTuningJob created = manager.createJob(request());
        backend.script(List.of(JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.SUCCEEDED),
            List.of(2, 2, 2, 1));
        assertThatThrownBy(() -> manager.waitForCompletion(created.id(), WaitOptions.builder()
                .pollInterval(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(5)).build()))
            .isInstanceOf(WaitTimeoutException.class);

        // when: a new manager (same job store and provider) waits on the job id
        DefaultFineTuningManager restarted = newManager();
        FineTuningJob done = restarted.waitForCompletion(created.id(), WaitOptions.defaults());

        // then
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.findByJobId(created.id()).orElseThrow().status()).contains(JobStatus.SUCCEEDED);
    }

    @Test
    void waitForCompletion_manyEventsBetweenPolls_pagesBackToTheLastSeenOne() {
        // given
        FineTuningJob created = manager.createJob(request());
        backend.script(List.of(JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.SUCCEEDED), List.of(3, 250, 0));
        List<String> events = new ArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void onEvent(FineTuningJob job, JobEvent event) {
                events.add(event.id());
            }
        };

        // when
        manager.waitForCompletion(created.id(), WaitOptions.builder().listener(listener).build());

        // then
        assertThat(events).hasSize(253).doesNotHaveDuplicates();
        assertThat(events.get(0)).isEqualTo("ftevent-1");
        assertThat(events.get(252)).isEqualTo("ftevent-253");
    }

    @Test
    void waitForCompletion_modelStillLoadingAfterSuccess_waitsUntilItIsServed() {
        // given
        FineTuningJob created = manager.createJob(request());
        backend.script(List.of(JobStatus.SUCCEEDED), List.of(0));
        backend.modelLoadingLookups = 2;

        // when
        FineTuningJob done = manager.waitForCompletion(created.id(), WaitOptions.builder()
            .pollInterval(Duration.ofSeconds(5)).build());

        // then
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(backend.modelLookups).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void waitForCompletion_modelNeverServed_returnsSucceededJobAfterBoundedWait() {
        // given
        FineTuningJob created = manager.createJob(request());
        backend.script(List.of(JobStatus.SUCCEEDED), List.of(0));
        backend.modelLoadingLookups = Integer.MAX_VALUE;
        Instant start = clock.instant();

        // when
        FineTuningJob done = manager.waitForCompletion(created.id(), WaitOptions.defaults());

        // then
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(Duration.between(start, clock.instant())).isEqualTo(DefaultFineTuningManager.MODEL_READY_WAIT);
    }

    @Test
    void waitForCompletion_modelDeletedLongAfterSuccess_returnsAtOnceWithoutSleeping() {
        // given: the job succeeded an hour ago, and its model has since been deleted
        FineTuningJob created = manager.createJob(request());
        backend.script(List.of(JobStatus.SUCCEEDED), List.of(0));
        backend.modelLoadingLookups = Integer.MAX_VALUE;
        manager.status(created.id());
        clock.advance(Duration.ofHours(1));
        sleeps.clear();

        // when
        FineTuningJob done = manager.waitForCompletion(created.id(), WaitOptions.defaults());

        // then
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void waitForCompletion_jobIdWithPathSeparator_throws() {
        assertThatThrownBy(() -> manager.waitForCompletion("../ftjob-1", WaitOptions.defaults()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("job_id");
    }

    // ---- the rest

    @Test
    void cancel_trackedJob_updatesTrackedStatus() {
        // given
        FineTuningJob created = manager.createJob(request());

        // when
        FineTuningJob cancelled = manager.cancel(created.id());

        // then
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(jobs.findByJobId(created.id()).orElseThrow().status()).contains(JobStatus.CANCELLED);
    }

    @Test
    void pauseAndResume_trackedJob_updateTrackedStatus() {
        // given
        FineTuningJob created = manager.createJob(request());

        // when
        manager.pause(created.id());
        JobStatus paused = jobs.findByJobId(created.id()).orElseThrow().status().orElseThrow();
        manager.resume(created.id());

        // then
        assertThat(paused).isEqualTo(JobStatus.PAUSED);
        assertThat(jobs.findByJobId(created.id()).orElseThrow().status()).contains(JobStatus.RUNNING);
    }

    @Test
    void deleteModel_baseModel_throwsAndDeletesNothing() {
        assertThatThrownBy(() -> manager.deleteModel(MODEL)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("only fine-tuned models");
        assertThat(backend.deleted).isEmpty();
    }

    @Test
    void deleteModel_fineTunedModel_deletesIt() {
        manager.deleteModel("ft:gpt-4o-mini-2024-07-18:acme::abc");
        assertThat(backend.deleted).containsExactly("ft:gpt-4o-mini-2024-07-18:acme::abc");
    }

    @Test
    void modelsNearShutdown_modelsInUse_returnsOnlyThoseWithinTheWindow() {
        // given: today is 2026-03-01
        backend.baseModels.add(com.slabstak.slabml.ModelInfo.builder().id(MODEL).ownedBy("system")
            .shutdownDate(LocalDate.of(2026, 4, 30)).build());
        backend.baseModels.add(com.slabstak.slabml.ModelInfo.builder().id("gpt-4o-2024-08-06").ownedBy("system")
            .shutdownDate(LocalDate.of(2026, 5, 1)).build());
        backend.baseModels.add(com.slabstak.slabml.ModelInfo.builder().id("gpt-3.5-turbo").ownedBy("system")
            .shutdownDate(LocalDate.of(2026, 3, 2)).build());

        // when
        List<com.slabstak.slabml.ModelInfo> near = manager.modelsNearShutdown(
            List.of(MODEL, "gpt-4o-2024-08-06"), 60);

        // then: 60 days from 2026-03-01 is 2026-04-30; gpt-3.5-turbo is not in use
        assertThat(near).extracting(com.slabstak.slabml.ModelInfo::id).containsExactly(MODEL);
    }

    @Test
    void trackedJobs_afterTwoCreates_listsBothOldestFirst() {
        FineTuningJob a = manager.createJob(request());
        FineTuningJob b = manager.createJob(request());
        assertThat(manager.trackedJobs()).extracting(t -> t.jobId().orElseThrow()).containsExactly(a.id(), b.id());
    }

    @Test
    void listJobs_limitOutsideOneToHundred_throws() {
        assertThatThrownBy(() -> manager.listJobs(0)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("limit");
        assertThatThrownBy(() -> manager.listJobs(101)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("limit");
    }

    @Test
    void listJobs_threeJobs_newestFirstUpToLimit() {
        // given
        for (int i = 0; i < 3; i++) {
            manager.createJob(request());
        }

        // when
        List<FineTuningJob> listed = manager.listJobs(2);

        // then
        assertThat(listed).extracting(FineTuningJob::id).containsExactly("ftjob-3", "ftjob-2");
    }

    @Test
    void events_jobWithEvents_returnsNewestLimitOldestFirst() {
        // given
        FineTuningJob created = manager.createJob(request());
        backend.addEvents(created.id(), 5);

        // when
        List<JobEvent> events = manager.events(created.id(), 3);

        // then
        assertThat(events).extracting(JobEvent::id).containsExactly("ftevent-3", "ftevent-4", "ftevent-5");
    }

    @Test
    void estimateCost_withAndWithoutEpochs_delegatesToTheEstimator() throws IOException {
        // given
        Path f = file("train.jsonl", "{}");

        // when
        manager.estimateCost(f, MODEL);
        manager.estimateCost(f, MODEL, 4);

        // then
        assertThat(costCalls).hasSize(2);
        assertThat(costCalls.get(0)[2]).isNull();
        assertThat(costCalls.get(1)[2]).isEqualTo(4);
    }

    @Test
    void estimateCost_epochsOutOfRange_throws() throws IOException {
        // given
        Path f = file("train.jsonl", "{}");

        // when / then
        assertThatThrownBy(() -> manager.estimateCost(f, MODEL, 51)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("n_epochs");
        assertThat(costCalls).isEmpty();
    }
}
