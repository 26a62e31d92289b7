/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.LoopDecision;
import com.slabstak.slabml.LoopStatus;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.UserCorrection;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedBackends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop on the simulated backends and a manual clock, through three rounds: the first trains
 * and rolls out 20% -> 50% -> 100%; the second trains a worse candidate, which the gate rejects;
 * the third trains a candidate that passes the gate but regresses in production, and the guardrail
 * rolls it back.
 */
class ImprovementLoopTest {
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final String BASE = "gpt-4o-mini-2024-07-18";

    @TempDir
    Path dir;

    private ManualClock clock;
    private SimulatedBackends backends;
    /** Models answering as the untuned base model would, during evaluation and in production. */
    private volatile Predicate<String> actsLikeBase = m -> false;
    private SlabMl ml;
    private final CardSampleGenerator generator = CardSampleGenerator.create(11);
    private int served;

    /** Answers a chosen model's requests with the base model: a fine-tune that went wrong. */
    private final class Regressing implements InferenceBackend {
        @Override
        public ChatResponse complete(ChatRequest request) {
            ChatRequest sent = actsLikeBase.test(request.model()) ? request.toBuilder().model(BASE).build() : request;
            return backends.inference().complete(sent);
        }

        @Override
        public boolean supportsResponseSchema() {
            return backends.inference().supportsResponseSchema();
        }
    }

    @BeforeEach
    void setUp() {
        clock = ManualClock.create();
        backends = SimulatedBackends.create(clock);
        ml = SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(clock)
            .putConfig("slabml.store.provider", "file")
            .putConfig("slabml.guardrail.check_every", "0")
            .putConfig("slabml.loop.stage_min_volume", "60")
            .putConfig("slabml.loop.stage_min_time", "30m")
            .putConfig("slabml.evaluation.non_inferiority_margin", "0.1")
            .fineTuningBackend(backends.fineTuning()).inferenceBackend(new Regressing()).build();
    }

    @AfterEach
    void tearDown() {
        ml.close();
    }

    private void collect(int validated, int corrections) {
        for (CardSampleGenerator.CardSample c : generator.cards(validated)) {
            ml.collector().collectCardIdentification(c.ocrText(), c.card());
        }
        for (CardSampleGenerator.CorrectionSample c : generator.corrections(corrections)) {
            ml.collector().collectUserCorrection(UserCorrection.builder().ocrText(c.ocrText()).original(c.original())
                .corrected(c.corrected()).correctedFields(c.changedFields()).userId(c.userId()).build());
        }
    }

    /** Serves requests from distinct users; each user corrects a wrong answer. */
    private void serve(int n) {
        for (CardSampleGenerator.CardSample c : generator.cards(n)) {
            String user = String.format(Locale.ROOT, "user-%05d", served++);
            Prediction<CardData> p = ml.models().identifyCard(c.ocrText(), RequestContext.forSubject(user));
            boolean right = p.value().player().equals(c.card().player()) && p.value().year().equals(c.card().year())
                && p.value().brand().equals(c.card().brand()) && p.value().cardNumber().equals(c.card().cardNumber());
            ProductionRecord.Builder r = ProductionRecord.builder().task(CARD).modelId(p.metadata().modelUsed())
                .arm(p.metadata().arm()).prediction(p.value().toMap()).subject(user);
            if (!right) {
                r.correction(c.card().toMap());
            }
            ml.evaluator().trackProduction(r.build());
            clock.advance(Duration.ofSeconds(20));
        }
    }

    /** Runs the loop, serving traffic between runs, until it leaves {@code step} (at most {@code rounds} times). */
    private LoopStatus rollOutWhile(LoopStep step, int rounds) {
        LoopStatus s = ml.loop().runOnce(CARD);
        for (int i = 0; i < rounds && s.step() == step; i++) {
            serve(100);
            s = ml.loop().runOnce(CARD);
        }
        return s;
    }

    private List<String> outcomes() {
        return ml.loop().status(CARD).decisions().stream().map(LoopDecision::outcome).toList();
    }

    @Test
    void runOnce_threeRounds_rollsOutThenRejectsAtTheGateThenRollsBackInProduction() {
        // round 1: not ready at 40 samples
        collect(40, 0);
        LoopStatus s = ml.loop().runOnce(CARD);
        assertThat(s.step()).isEqualTo(LoopStep.COLLECT);
        assertThat(s.waitingFor()).contains("not ready");
        assertThat(s.round()).isZero();

        // ready: trains, then waits for the job
        collect(200, 60);
        s = ml.loop().runOnce(CARD);
        assertThat(s.step()).isEqualTo(LoopStep.WAIT);
        assertThat(s.round()).isEqualTo(1);
        assertThat(s.jobId()).isNotNull();
        assertThat(s.heldOutVersion()).isEqualTo(1);
        assertThat(backends.fineTuning().createRequests()).hasSize(1);
        assertThat(ml.loop().runOnce(CARD).step()).isEqualTo(LoopStep.WAIT);

        // the job ends: evaluated on the held-out set, promoted, rolled out at 20%
        clock.advance(Duration.ofHours(2));
        s = ml.loop().runOnce(CARD);
        String first = s.candidateModel();
        assertThat(s.step()).isEqualTo(LoopStep.ROLLOUT);
        assertThat(s.stage()).isZero();
        assertThat(ml.registry().deployment(CARD).rolloutPercent()).isEqualTo(20);
        assertThat(ml.registry().deployment(CARD).candidateModel()).contains(first);

        // 20% -> 50% -> 100%, each stage once the guardrail shows it not worse, with enough time and volume
        s = rollOutWhile(LoopStep.ROLLOUT, 30);
        assertThat(s.step()).isEqualTo(LoopStep.MONITOR);
        Deployment d = ml.registry().deployment(CARD);
        assertThat(d.candidateModel()).contains(first);
        assertThat(d.rolloutPercent()).isEqualTo(100);
        assertThat(ml.registry().history(CARD)).filteredOn(e -> List.of("start", "set", "promote").contains(e.action()))
            .extracting(e -> e.deployment().rolloutPercent()).containsExactly(20, 50, 100);
        assertThat(outcomes()).containsSubsequence("train", "job_created", "evaluated", "promoted", "advanced",
            "advanced", "serving");
        assertThat(ml.loop().runOnce(CARD).waitingFor()).contains("no retrain due");

        // round 2: the scheduled retrain trains a candidate that answers like the base model; the gate rejects it
        collect(40, 10);
        actsLikeBase = m -> m.startsWith("ft:") && !m.equals(first);
        clock.advance(Duration.ofDays(31));
        s = ml.loop().runOnce(CARD);
        assertThat(s.step()).isEqualTo(LoopStep.WAIT);
        assertThat(s.round()).isEqualTo(2);
        clock.advance(Duration.ofHours(2));
        s = ml.loop().runOnce(CARD);
        assertThat(s.step()).isEqualTo(LoopStep.COLLECT);
        assertThat(s.lastDecision().orElseThrow().outcome()).isEqualTo("rejected");
        assertThat(s.lastDecision().orElseThrow().reason()).contains("significantly worse");
        assertThat(ml.registry().deployment(CARD).candidateModel()).contains(first);
        assertThat(ml.registry().deployment(CARD).rolloutPercent()).isEqualTo(100);
        assertThat(ml.loop().runOnce(CARD).waitingFor()).contains("new samples");

        // round 3: new data; the candidate passes the gate, then regresses in production and is rolled back
        actsLikeBase = m -> false;
        collect(50, 10);
        s = ml.loop().runOnce(CARD);
        assertThat(s.round()).isEqualTo(3);
        clock.advance(Duration.ofHours(2));
        s = ml.loop().runOnce(CARD);
        String third = s.candidateModel();
        assertThat(s.step()).isEqualTo(LoopStep.ROLLOUT);
        assertThat(ml.registry().deployment(CARD).baseModel()).isEqualTo(first);
        assertThat(ml.registry().deployment(CARD).candidateModel()).contains(third);
        actsLikeBase = third::equals;
        s = rollOutWhile(LoopStep.ROLLOUT, 30);
        assertThat(s.step()).isEqualTo(LoopStep.COLLECT);
        assertThat(s.lastDecision().orElseThrow().outcome()).isEqualTo("rolled_back");
        assertThat(s.lastDecision().orElseThrow().reason()).contains("shown worse");
        assertThat(ml.registry().deployment(CARD).candidateModel()).isEmpty();
        assertThat(ml.registry().deployment(CARD).baseModel()).isEqualTo(first);
        DeploymentEvent halt = ml.registry().history(CARD).stream().filter(e -> e.action().equals("halt")).findFirst()
            .orElseThrow();
        assertThat(halt.details()).containsEntry("candidate_model", third).containsKey("difference_lower");

        // every decision is in the registry history; one job per round
        assertThat(ml.registry().history(CARD)).extracting(DeploymentEvent::action)
            .contains("loop_train", "loop_evaluated", "loop_rejected", "loop_rolled_back", "gate", "adopt");
        assertThat(backends.fineTuning().createRequests()).hasSize(3);
        assertThat(ml.registry().history(CARD)).filteredOn(e -> e.action().equals("promote")).hasSize(1);
    }

    @Test
    void runOnce_heldOutSet_isFrozenAndNeverExportedForTraining() throws Exception {
        collect(240, 60);
        ml.loop().runOnce(CARD);
        List<java.util.Map<String, Object>> heldOut = ml.loop().heldOutSet(CARD);
        // the same cards collected again later (a rescan) stay held out too
        for (java.util.Map<String, Object> item : heldOut.subList(0, 5)) {
            ml.collector().collectCardIdentification((String) ((java.util.Map<?, ?>) item.get("input")).get("ocr_text"),
                CardData.fromMap(castMap(item.get("output"))));
        }
        List<CardSampleGenerator.CardSample> fresh = generator.cards(60);
        fresh.forEach(c -> ml.collector().collectCardIdentification(c.ocrText(), c.card()));

        com.slabstak.slabml.ExportResult export = ml.exporter().export(com.slabstak.slabml.ExportRequest.builder()
            .task(CARD).validationFraction(0.1).build());

        assertThat(heldOut).hasSizeGreaterThan(20);
        String exported = java.nio.file.Files.readString(export.trainingFile())
            + java.nio.file.Files.readString(export.validationFile().orElseThrow());
        for (java.util.Map<String, Object> item : heldOut) {
            assertThat(exported).doesNotContain(jsonText((String) ((java.util.Map<?, ?>) item.get("input")).get("ocr_text")));
        }
        assertThat(fresh).anySatisfy(c -> assertThat(exported).contains(jsonText(c.ocrText())));
        assertThat(ml.loop().heldOutSet(CARD)).isEqualTo(heldOut);
        assertThat(ml.loop().status(CARD).heldOutVersion()).isEqualTo(1);
    }

    /** The text as it appears inside a JSON string. */
    private static String jsonText(String text) {
        try {
            String quoted = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
            return quoted.substring(1, quoted.length() - 1);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> castMap(Object o) {
        return (java.util.Map<String, Object>) o;
    }

    @Test
    void runOnce_secondInstanceOnTheSameStore_waitsForTheLease() {
        collect(240, 60);
        ml.loop().runOnce(CARD);
        try (SlabMl other = SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(clock)
            .putConfig("slabml.store.provider", "file").fineTuningBackend(backends.fineTuning())
            .inferenceBackend(new Regressing()).build()) {

            LoopStatus s = other.loop().runOnce(CARD);

            assertThat(s.waitingFor()).contains("another instance");
            assertThat(s.step()).isEqualTo(LoopStep.WAIT);
            clock.advance(Duration.ofMinutes(6));
            assertThat(other.loop().runOnce(CARD).waitingFor()).doesNotContain("another instance");
        }
    }

    @Test
    void approve_manualTraining_trainsOnlyAfterApproval() {
        ml.close();
        ml = SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(clock)
            .putConfig("slabml.store.provider", "file").putConfig("slabml.loop.train", "manual")
            .fineTuningBackend(backends.fineTuning()).inferenceBackend(new Regressing()).build();
        collect(240, 60);

        LoopStatus waiting = ml.loop().runOnce(CARD);

        assertThat(waiting.step()).isEqualTo(LoopStep.COLLECT);
        assertThat(waiting.awaitingApproval()).isTrue();
        assertThat(waiting.waitingFor()).contains("waiting for approval of EXPORT");
        assertThat(backends.fineTuning().createRequests()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ml.loop().approve(CARD, LoopStep.GATE, "why not"))
            .isInstanceOf(com.slabstak.slabml.InvalidInputException.class).hasMessageContaining("GATE");

        ml.loop().approve(CARD, LoopStep.EXPORT, "dataset reviewed");
        LoopStatus s = ml.loop().runOnce(CARD);

        assertThat(s.step()).isEqualTo(LoopStep.WAIT);
        assertThat(backends.fineTuning().createRequests()).hasSize(1);
        assertThat(s.decisions()).extracting(LoopDecision::outcome).contains("approved", "train");
    }
}
