/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningUnavailableException;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.RateLimitException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.simulator.Faults;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedBackends;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import com.slabstak.slabml.spi.TrainingMethod;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job lifecycle through the OpenAI provider, the real SDK and the fake server, over the
 * testkit's simulated backends on a manual clock: validating, queued, running, succeeded with a
 * model that then answers; failures, faults and 403/429 from the simulation arrive as the same
 * exceptions a direct call to the simulation throws.
 */
class OpenAiSimulatedLifecycleTest {
    private static final String BASE = "gpt-4o-mini-2024-07-18";

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.create();
    private SimulatedBackends sim;
    private SimulatedOpenAiServer server;
    private FineTuningBackend openai;
    private InferenceBackend inference;

    @BeforeEach
    void setUp() {
        sim = SimulatedBackends.create(clock);
        server = new SimulatedOpenAiServer(sim).start();
        Map<String, String> config = new HashMap<>();
        config.put("slabml.openai.api_key", "sk-sim");
        config.put("slabml.openai.base_url", server.baseUrl());
        config.put("slabml.openai.max_retries", "0");
        // "paused" is outside the SDK's status enum, so strict response validation stays off here.
        ProviderContext context = ProviderContext.of(SlabMlConfig.of(config), dir, clock);
        openai = new OpenAiFineTuningBackendProvider().create(context);
        inference = new OpenAiInferenceBackendProvider().create(context);
    }

    @AfterEach
    void tearDown() {
        openai.close();
        inference.close();
        server.close();
    }

    private String upload(int examples) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < examples; i++) {
            sb.append("{\"messages\":[{\"role\":\"user\",\"content\":\"card ").append(i)
                .append("\"},{\"role\":\"assistant\",\"content\":\"{}\"}]}\n");
        }
        Path file = dir.resolve("train-" + examples + ".jsonl");
        Files.writeString(file, sb.toString());
        return openai.uploadFile(file).id();
    }

    private FineTuningJob create(int examples) throws Exception {
        return openai.createJob(JobRequest.builder().trainingFileId(upload(examples)).model(BASE).suffix("cards")
            .idempotencyKey("k-" + examples).build());
    }

    @Test
    void job_asTheClockAdvances_succeedsWithEventsCheckpointsAndAModelThatAnswers() throws Exception {
        FineTuningJob job = create(30);
        assertThat(job.status()).isEqualTo(JobStatus.VALIDATING_FILES);

        clock.advance(Duration.ofHours(3));
        FineTuningJob done = openai.retrieveJob(job.id());

        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done).isEqualTo(sim.fineTuning().retrieveJob(job.id()));
        assertThat(done.fineTunedModel()).hasValueSatisfying(m -> assertThat(m).startsWith("ft:" + BASE));
        List<JobEvent> events = openai.listEvents(job.id(), 100, null);
        assertThat(events).isEqualTo(sim.fineTuning().listEvents(job.id(), 100, null));
        assertThat(events).anySatisfy(e -> assertThat(e.metrics()).isPresent());
        List<Checkpoint> checkpoints = openai.listCheckpoints(job.id(), 10);
        assertThat(checkpoints).isNotEmpty().allSatisfy(c -> assertThat(c.metrics()).isPresent());
        assertThat(checkpoints).extracting(Checkpoint::id)
            .isEqualTo(sim.fineTuning().listCheckpoints(job.id(), 10).stream().map(Checkpoint::id).toList());
        String model = done.fineTunedModel().get();
        assertThat(openai.listModels()).extracting(ModelInfo::id).contains(model, BASE);
        assertThat(openai.retrieveModel(model).baseModel()).contains(BASE);

        clock.advance(Duration.ofMinutes(30));
        String answer = inference.complete(ChatRequest.builder().model(model)
            .addMessage(ChatMessage.user("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5")).build()).text();
        assertThat(answer).isNotBlank();
    }

    @Test
    void strictResponseValidation_everyAnswerAboutASucceededJob_matchesTheSdkSchema() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("slabml.openai.api_key", "sk-sim");
        config.put("slabml.openai.base_url", server.baseUrl());
        config.put("slabml.openai.response_validation", "true");
        ProviderContext context = ProviderContext.of(SlabMlConfig.of(config), dir, clock);
        FineTuningBackend strict = new OpenAiFineTuningBackendProvider().create(context);
        InferenceBackend strictInference = new OpenAiInferenceBackendProvider().create(context);
        FineTuningJob job = create(30);
        FineTuningJob failing = create(7);
        clock.advance(Duration.ofHours(4));

        String model = strict.retrieveJob(job.id()).fineTunedModel().orElseThrow();
        assertThat(strict.retrieveJob(failing.id()).error()).isPresent();
        assertThat(strict.listJobs(10, null)).hasSize(2);
        assertThat(strict.listEvents(job.id(), 50, null)).isNotEmpty();
        assertThat(strict.listCheckpoints(job.id(), 10)).isNotEmpty();
        assertThat(strict.listModels()).isNotEmpty();
        assertThat(strict.retrieveModel(model).id()).isEqualTo(model);
        assertThat(strictInference.complete(ChatRequest.builder().model(BASE)
            .addMessage(ChatMessage.user("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10")).build()).text()).isNotBlank();
        strict.close();
        strictInference.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void createJob_preferenceWithBeta_sendsMethodDpoAndTrainsOnPairs() throws Exception {
        // given a preference file, as export --method dpo writes it
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"card ").append(i).append("\"}]},")
                .append("\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"{\\\"grade\\\":\\\"9\\\"}\"}],")
                .append("\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"{\\\"grade\\\":\\\"8\\\"}\"}]}\n");
        }
        Path file = Files.writeString(dir.resolve("pairs.jsonl"), sb.toString());
        String fileId = openai.uploadFile(file).id();

        // when
        FineTuningJob job = openai.createJob(JobRequest.builder().trainingFileId(fileId).model("gpt-4.1-2025-04-14")
            .suffix("prefs").method(TrainingMethod.PREFERENCE)
            .hyperparameters(Hyperparameters.builder().beta(0.25).epochs(2).build()).idempotencyKey("dpo-1").build());

        // then the request carried method.type=dpo with the beta, and the job trains on the pairs
        Map<String, Object> body = new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(server.requests("POST", "/fine_tuning/jobs").get(0).body(), Map.class);
        assertThat(body).extractingByKey("method").satisfies(m -> {
            assertThat((Map<String, Object>) m).containsEntry("type", "dpo");
            assertThat((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) m).get("dpo"))
                .get("hyperparameters")).containsEntry("beta", 0.25).containsEntry("n_epochs", 2);
        });
        assertThat(job.method()).isEqualTo(TrainingMethod.PREFERENCE);
        assertThat(job.hyperparameters().beta()).hasValue(0.25);
        clock.advance(Duration.ofHours(3));
        FineTuningJob done = openai.retrieveJob(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.method()).isEqualTo(TrainingMethod.PREFERENCE);
    }

    @Test
    void createJob_betaOutsideTheSpec_isRefusedNamingIt() throws Exception {
        String fileId = upload(20);

        assertThatThrownBy(() -> openai.createJob(JobRequest.builder().trainingFileId(fileId).model(BASE)
            .method(TrainingMethod.PREFERENCE).hyperparameters(Hyperparameters.builder().beta(3.0).build()).build()))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("beta");
    }

    @Test
    void job_tooFewExamples_failsWithCodeMessageAndParam() throws Exception {
        FineTuningJob job = create(7);

        clock.advance(Duration.ofMinutes(10));
        FineTuningJob failed = openai.retrieveJob(job.id());

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        JobError error = failed.error().orElseThrow();
        assertThat(error.code()).isEqualTo("invalid_n_examples");
        assertThat(error.paramName()).contains("training_file");
        assertThat(error.message()).contains("7");
    }

    @Test
    void pauseResumeAndCancel_runningJob_followTheSimulation() throws Exception {
        FineTuningJob job = create(30);
        clock.advance(Duration.ofMinutes(5));

        assertThat(openai.pauseJob(job.id()).status()).isEqualTo(JobStatus.PAUSED);
        assertThat(openai.resumeJob(job.id()).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(openai.cancelJob(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(sim.fineTuning().retrieveJob(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void createJob_simulatedWindDown_arrivesAsFineTuningUnavailable() throws Exception {
        String fileId = upload(30);
        sim.faults().fineTuningUnavailable();

        assertThatThrownBy(() -> openai.createJob(JobRequest.builder().trainingFileId(fileId).model(BASE).build()))
            .isInstanceOf(FineTuningUnavailableException.class)
            .hasMessageContaining("FineTuningBackendProvider");
    }

    @Test
    void createJob_simulatedDailyLimit_arrivesAsNonRetryableDailyRateLimit() throws Exception {
        String fileId = upload(30);
        sim.faults().dailyRateLimit(Faults.Operation.CREATE_JOB, 1);

        assertThatThrownBy(() -> openai.createJob(JobRequest.builder().trainingFileId(fileId).model(BASE).build()))
            .isInstanceOfSatisfying(RateLimitException.class, e -> {
                assertThat(e.isDaily()).isTrue();
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getMessage()).contains("try again");
            });
    }

    @Test
    void createJob_simulatedLostResponse_isRecoveredByIdempotencyKey() throws Exception {
        String fileId = upload(30);
        sim.faults().loseCreateResponse(1);

        assertThatThrownBy(() -> openai.createJob(JobRequest.builder().trainingFileId(fileId).model(BASE)
            .idempotencyKey("once").build()))
            .isInstanceOf(ProviderTimeoutException.class);

        assertThat(openai.findJobByIdempotencyKey("once")).hasValueSatisfying(j ->
            assertThat(j.trainingFileId()).isEqualTo(fileId));
        assertThat(sim.fineTuning().listJobs(100, null)).hasSize(1);
    }

    @Test
    void complete_deletedFineTunedModel_isNotFound() throws Exception {
        FineTuningJob job = create(30);
        clock.advance(Duration.ofHours(4));
        String model = openai.retrieveJob(job.id()).fineTunedModel().orElseThrow();

        openai.deleteModel(model);

        assertThatThrownBy(() -> inference.complete(ChatRequest.builder().model(model)
            .addMessage(ChatMessage.user("x")).build())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> openai.retrieveModel(model)).isInstanceOf(NotFoundException.class);
    }
}
