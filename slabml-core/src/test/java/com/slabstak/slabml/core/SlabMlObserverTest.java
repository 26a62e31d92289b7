/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.internal.store.FileStoreProvider;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.observe.BreakerState;
import com.slabstak.slabml.observe.Outcome;
import com.slabstak.slabml.observe.ServedPrediction;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.observe.StoreStats;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ModelChoice;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlabMlObserverTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String CANDIDATE = "ft:candidate:acme::abc123";
    private static final String ANSWER = "{\"player\": \"Tom Brady\", \"year\": 2000, \"brand\": \"Playoff Contenders\", "
        + "\"card_number\": \"144\", \"grade\": 10}";

    @TempDir
    Path dir;

    private final Recording recording = new Recording();
    private final List<String> failingModels = new CopyOnWriteArrayList<>();

    private final InferenceBackend inference = request -> {
        if (failingModels.contains(request.model())) {
            throw new NotFoundException("model " + request.model() + " does not exist", "model_not_found", null);
        }
        return ChatResponse.builder().text(ANSWER).model(request.model()).usage(new TokenUsage(1000, 200))
            .latency(Duration.ofMillis(250)).build();
    };

    private SlabMl.Builder isolated(SlabMlObserver... observers) {
        SlabMl.Builder b = SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(CLOCK)
            .modelCatalog(com.slabstak.slabml.core.testing.TestCatalog.create())
            .putConfig("slabml.inference.list_prices", com.slabstak.slabml.core.testing.TestCatalog.LIST_PRICES)
            .stores(MemoryStores.create())
            .fineTuningBackend(new SlabMlTest.UnusedFineTuningBackend())
            .inferenceBackend(inference)
            .modelSelector((deployment, context) -> deployment.candidateModel()
                .map(c -> new ModelChoice(c, Arm.CANDIDATE, 1, true))
                .orElse(new ModelChoice(deployment.baseModel(), Arm.BASE, 0, false)));
        for (SlabMlObserver o : observers) {
            b.addObserver(o);
        }
        return b;
    }

    @Test
    void predict_baseModelAnswers_reportsSuccessWithTokensCostAndProvider() {
        try (SlabMl ml = isolated(recording).build()) {
            // when
            ml.models().identifyCard("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10");

            // then
            assertThat(recording.served).hasSize(1);
            ServedPrediction p = recording.served.get(0);
            assertThat(p.task()).isEqualTo(TaskName.CARD_IDENTIFICATION);
            assertThat(p.model()).isEqualTo(ml.registry().deployment(TaskName.CARD_IDENTIFICATION).baseModel());
            assertThat(p.arm()).isEqualTo(Arm.BASE);
            assertThat(p.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(p.latency()).isEqualTo(Duration.ofMillis(250));
            assertThat(p.usage()).isEqualTo(new TokenUsage(1000, 200));
            assertThat(p.costUsd()).isPresent();
            assertThat(p.costUsd().getAsDouble()).isPositive();
            assertThat(p.providerName()).isEqualTo("custom");
            assertThat(p.fallbackKind()).isEmpty();
        }
    }

    @Test
    void predict_candidateMissing_reportsFallbackWithBoundedReasonAndRolloutPercent() {
        try (SlabMl ml = isolated(recording).build()) {
            // given
            ml.registry().startRollout(TaskName.CARD_IDENTIFICATION, CANDIDATE, 20, "test");
            failingModels.add(CANDIDATE);

            // when
            Prediction<CardData> answer = ml.models().identifyCard("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10");

            // then
            assertThat(answer.metadata().arm()).isEqualTo(Arm.FALLBACK);
            ServedPrediction p = recording.served.get(0);
            assertThat(p.outcome()).isEqualTo(Outcome.FALLBACK);
            assertThat(p.arm()).isEqualTo(Arm.FALLBACK);
            assertThat(p.fallbackKind()).contains("not_found");
            assertThat(p.fallbackReason().orElseThrow()).contains(CANDIDATE);
            assertThat(p.rolloutPercent()).isEqualTo(20);
        }
    }

    @Test
    void predict_baseModelFails_reportsErrorAndRethrows() {
        try (SlabMl ml = isolated(recording).build()) {
            // given
            String base = ml.registry().deployment(TaskName.CARD_IDENTIFICATION).baseModel();
            failingModels.add(base);

            // when / then
            assertThatThrownBy(() -> ml.models().identifyCard("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10"))
                .isInstanceOf(NotFoundException.class);
            ServedPrediction p = recording.served.get(0);
            assertThat(p.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(p.errorType()).contains("NotFoundException");
            assertThat(p.model()).isEqualTo(base);
        }
    }

    @Test
    void predict_candidateKeepsFailing_reportsCircuitOpening() {
        try (SlabMl ml = isolated(recording).putConfig("slabml.serving.breaker.consecutive_failures", "2").build()) {
            // given
            ml.registry().startRollout(TaskName.CARD_IDENTIFICATION, CANDIDATE, 50, "test");
            failingModels.add(CANDIDATE);

            // when
            for (int i = 0; i < 3; i++) {
                ml.models().identifyCard("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10");
            }

            // then
            assertThat(recording.breakers).containsExactly(CANDIDATE + " closed->open");
            assertThat(recording.served).extracting(p -> p.fallbackKind().orElse(""))
                .containsExactly("not_found", "not_found", "circuit_open");
        }
    }

    @Test
    void collect_andRollout_reportSampleAndEachRolloutStep() {
        try (SlabMl ml = isolated(recording).build()) {
            // when
            ml.collector().collectCardIdentification("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10",
                CardData.builder().player("Tom Brady").year("2000").brand("Playoff Contenders").build());
            ml.registry().startRollout(TaskName.CARD_IDENTIFICATION, CANDIDATE, 20, "start");
            ml.registry().setRolloutPercent(TaskName.CARD_IDENTIFICATION, 50, "step");
            ml.registry().promote(TaskName.CARD_IDENTIFICATION, "done");

            // then
            assertThat(recording.samples).containsExactly(TaskName.CARD_IDENTIFICATION + "/" + SampleSource.VALIDATED);
            assertThat(recording.rollouts).containsExactly("start 0->20", "set 20->50", "promote 50->100");
        }
    }

    @Test
    void predict_observerThrows_answerStillReturnedAndOtherObserversTold() {
        // given
        SlabMlObserver broken = new SlabMlObserver() {
            @Override
            public void predictionServed(ServedPrediction prediction) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        try (SlabMl ml = isolated(broken, recording).build()) {
            // when
            Prediction<CardData> p = ml.models().identifyCard("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10");

            // then
            assertThat(p.value().player()).isEqualTo("Tom Brady");
            assertThat(recording.served).hasSize(1);
        }
    }

    @Test
    void build_noObserver_servesThroughUndecoratedManager() {
        try (SlabMl ml = isolated().build()) {
            assertThat(ml.models().getClass().getSimpleName()).isEqualTo("DefaultModelManager");
            assertThat(ml.collector().getClass().getSimpleName()).isEqualTo("DefaultTrainingDataCollector");
        }
    }

    @Test
    void fileStore_create_reportsEveryStoreWithLiveCounts() {
        // given
        ProviderContext context = ProviderContext.of(SlabMlConfig.of(Map.of()), dir, CLOCK, recording);

        // when
        try (Stores stores = new FileStoreProvider().create(context)) {
            stores.jobs().save(com.slabstak.slabml.TrackedJob.builder().idempotencyKey("k1").model("base")
                .trainingFileId("file-1").createdAt(CLOCK.instant()).updatedAt(CLOCK.instant())
                .status(JobStatus.QUEUED).build());

            // then
            assertThat(recording.stores).containsOnlyKeys("samples", "production_log", "registry", "jobs");
            StoreStats jobs = recording.stores.get("jobs").get();
            assertThat(jobs.written()).isEqualTo(1);
            assertThat(jobs.queueDepth()).isZero();
            assertThat(recording.stores.get("samples").get()).isEqualTo(StoreStats.EMPTY);
        }
    }

    /** Records what it is told. */
    static final class Recording implements SlabMlObserver {
        final List<ServedPrediction> served = new CopyOnWriteArrayList<>();
        final List<String> breakers = new CopyOnWriteArrayList<>();
        final List<String> samples = new CopyOnWriteArrayList<>();
        final List<String> rollouts = new CopyOnWriteArrayList<>();
        final Map<String, Supplier<StoreStats>> stores = new ConcurrentHashMap<>();

        @Override
        public void predictionServed(ServedPrediction prediction) {
            served.add(prediction);
        }

        @Override
        public void breakerStateChanged(String model, BreakerState from, BreakerState to) {
            breakers.add(model + " " + from.value() + "->" + to.value());
        }

        @Override
        public void sampleCollected(TaskName task, SampleSource source) {
            samples.add(task + "/" + source);
        }

        @Override
        public void storeOpened(String store, Supplier<StoreStats> stats) {
            stores.put(store, stats);
        }

        @Override
        public void rolloutChanged(TaskName task, String action, int previousPercent, int percent) {
            rollouts.add(action + " " + previousPercent + "->" + percent);
        }
    }
}
