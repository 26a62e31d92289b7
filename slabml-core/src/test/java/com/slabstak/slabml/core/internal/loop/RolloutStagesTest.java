/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.LoopStatus;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.rollout.RolloutGuardrail;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.Stores;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate's and the rollout's steps of the loop over the registry, the production log and the
 * sequential guardrail, from a state written at the gate: manual and disabled steps, the minimum
 * time and volume of a stage, percentages set by hand, and a sample-ratio mismatch.
 */
class RolloutStagesTest {
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final String BASE = TestCatalog.MINI;
    private static final String CANDIDATE = "ft:" + BASE + ":card-identification:1";
    private static final Map<String, Object> PREDICTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "57");
    private static final Map<String, Object> CORRECTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "58");

    private MutableClock clock;
    private Stores stores;
    private DefaultModelRegistry registry;
    private long sequence;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-11-02T08:00:00Z");
        stores = MemoryStores.create();
        registry = new DefaultModelRegistry(stores.registry(), config(Map.of()), clock);
        LoopState s = new LoopState();
        s.round = 1;
        s.step = LoopStep.GATE;
        s.trainFrom = BASE;
        s.candidate = CANDIDATE;
        s.lastTrainedAt = clock.instant();
        s.samplesAtTraining = 300;
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("promote", true);
        gate.put("verdict", "better");
        gate.put("reason", "candidate significantly better on the held-out set");
        gate.put("numbers", Map.of("p_value", 0.001));
        s.gate = gate;
        assertThat(stores.state().compareAndSet(LoopState.key(CARD), 0, s.toJson())).isPresent();
    }

    private static SlabMlConfig config(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(extra);
        m.putIfAbsent("slabml.loop.stage_min_time", "1h");
        m.putIfAbsent("slabml.loop.stage_min_volume", "100");
        return TestCatalog.config(m);
    }

    private DefaultImprovementLoop loop(Map<String, String> extra) {
        SlabMlConfig config = config(extra);
        RolloutGuardrail guardrail = new RolloutGuardrail(stores.productionLog(), registry, config, clock);
        // the gate and rollout steps read the registry and the production log only
        return new DefaultImprovementLoop(new DefaultImprovementLoop.Parts(stores.state(), stores.samples(), t -> false,
            unused(DatasetExporter.class), unused(FineTuningManager.class), registry, unused(ModelManager.class),
            unused(ModelEvaluator.class), guardrail, stores.productionLog(), TestCatalog.create()), config, clock);
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new AssertionError(type.getSimpleName() + "." + method.getName() + " is not used at the gate");
        }));
    }

    /** Adds {@code n} records of an arm, 20 seconds apart, the first {@code corrected} of them corrected. */
    private void serve(String model, Arm arm, int n, int corrected) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(20));
            stores.productionLog().append(ProductionRecord.builder().id("r" + sequence++).timestamp(clock.instant())
                .task(CARD).modelId(model).arm(arm).prediction(PREDICTION).correction(i < corrected ? CORRECTION : Map.of())
                .build());
        }
    }

    /** Traffic at {@code percent}% on a candidate far better than the base: 5% corrected against 30%. */
    private void serveBetterCandidate(int records, int percent) {
        int candidate = records * percent / 100;
        serve(BASE, Arm.BASE, records - candidate, (records - candidate) * 3 / 10);
        serve(CANDIDATE, Arm.CANDIDATE, candidate, candidate / 20);
    }

    private List<String> actions() {
        return registry.history(CARD).stream().map(DeploymentEvent::action).toList();
    }

    @Test
    void runOnce_manualGate_startsTheRolloutOnlyAfterApproval() {
        DefaultImprovementLoop loop = loop(Map.of("slabml.loop.gate", "manual"));

        LoopStatus waiting = loop.runOnce(CARD);

        assertThat(waiting.step()).isEqualTo(LoopStep.GATE);
        assertThat(waiting.awaitingApproval()).isTrue();
        assertThat(waiting.waitingFor()).endsWith("waiting for approval of GATE");
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        assertThat(actions()).containsExactly("gate");

        loop.approve(CARD, LoopStep.GATE, "reviewed the evaluation");
        LoopStatus s = loop.runOnce(CARD);

        assertThat(s.step()).isEqualTo(LoopStep.ROLLOUT);
        assertThat(registry.deployment(CARD).candidateModel()).contains(CANDIDATE);
        assertThat(registry.deployment(CARD).rolloutPercent()).isEqualTo(20);
        assertThat(actions()).containsSubsequence("gate", "loop_approved", "start", "loop_promoted");
    }

    @Test
    void runOnce_gateOffAndTheRolloutStartedByHand_followsItWithoutRevertingIt() {
        DefaultImprovementLoop loop = loop(Map.of("slabml.loop.gate", "off"));
        assertThat(loop.runOnce(CARD).waitingFor()).contains("that step is off");
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();

        registry.startRollout(CARD, CANDIDATE, 50, "started by hand");
        LoopStatus s = loop.runOnce(CARD);

        assertThat(s.step()).isEqualTo(LoopStep.ROLLOUT);
        assertThat(s.stage()).isEqualTo(1);
        assertThat(s.decisions()).extracting(d -> d.outcome()).contains("followed");
        assertThat(registry.deployment(CARD).rolloutPercent()).isEqualTo(50);
    }

    @Test
    void runOnce_stageNotInferiorButTooShortOrTooSmall_waitsForTheMinimumTimeAndVolume() {
        DefaultImprovementLoop loop = loop(Map.of());
        assertThat(loop.runOnce(CARD).step()).isEqualTo(LoopStep.ROLLOUT);

        // 400 records in 8 minutes: shown not worse, 80 candidate predictions, too early and too few
        serveBetterCandidate(400, 20);
        LoopStatus s = loop.runOnce(CARD);
        assertThat(loop.checkRollout(CARD).action()).isEqualTo(com.slabstak.slabml.GuardrailDecision.Action.NON_INFERIOR);
        assertThat(s.stage()).isZero();
        assertThat(s.waitingFor()).startsWith("rollout stage 1 (20%): 80 of 100 candidate predictions");

        // an hour later, still too few
        clock.advance(Duration.ofHours(1));
        s = loop.runOnce(CARD);
        assertThat(s.stage()).isZero();
        assertThat(registry.deployment(CARD).rolloutPercent()).isEqualTo(20);

        // enough of both: stage 2 at 50%
        serveBetterCandidate(100, 20);
        s = loop.runOnce(CARD);
        assertThat(s.stage()).isEqualTo(1);
        assertThat(registry.deployment(CARD).rolloutPercent()).isEqualTo(50);
        DeploymentEvent advanced = registry.history(CARD).stream().filter(e -> e.action().equals("loop_advanced"))
            .findFirst().orElseThrow();
        assertThat(advanced.details()).containsEntry("candidate_volume", 100.0).containsKey("difference_upper");
    }

    @Test
    void runOnce_percentageSetByHandDuringAStage_isKeptAndTheNextStageIsTheFirstAboveIt() {
        DefaultImprovementLoop loop = loop(Map.of());
        loop.runOnce(CARD);
        registry.setRolloutPercent(CARD, 35, "more traffic, by hand");

        serveBetterCandidate(200, 35);
        LoopStatus s = loop.runOnce(CARD);
        assertThat(registry.deployment(CARD).rolloutPercent()).isEqualTo(35);
        assertThat(s.stage()).isZero();

        clock.advance(Duration.ofHours(1));
        serveBetterCandidate(200, 35);
        s = loop.runOnce(CARD);

        assertThat(s.stage()).isEqualTo(1);
        assertThat(registry.deployment(CARD).rolloutPercent()).isEqualTo(50);
        assertThat(registry.history(CARD)).filteredOn(e -> List.of("start", "set").contains(e.action()))
            .extracting(e -> e.deployment().rolloutPercent()).containsExactly(20, 35, 50);
    }

    @Test
    void runOnce_manualAdvance_waitsForApprovalOfTheNextStage() {
        DefaultImprovementLoop loop = loop(Map.of("slabml.loop.advance", "manual"));
        loop.runOnce(CARD);
        clock.advance(Duration.ofHours(1));
        serveBetterCandidate(600, 20);

        LoopStatus waiting = loop.runOnce(CARD);
        assertThat(waiting.waitingFor()).endsWith("waiting for approval of ROLLOUT");
        assertThat(registry.deployment(CARD).rolloutPercent()).isEqualTo(20);

        loop.approve(CARD, LoopStep.ROLLOUT, "dashboards look fine");
        LoopStatus s = loop.runOnce(CARD);

        assertThat(s.stage()).isEqualTo(1);
        assertThat(registry.deployment(CARD).rolloutPercent()).isEqualTo(50);
    }

    @Test
    void runOnce_candidateShareFarFromTheStage_haltsTheRolloutAndSaysWhy() {
        DefaultImprovementLoop loop = loop(Map.of());
        loop.runOnce(CARD);
        serve(BASE, Arm.BASE, 300, 30);
        serve(CANDIDATE, Arm.CANDIDATE, 300, 30);

        LoopStatus s = loop.runOnce(CARD);

        assertThat(s.step()).isEqualTo(LoopStep.COLLECT);
        assertThat(s.decisions().get(s.decisions().size() - 1).outcome()).isEqualTo("halted");
        assertThat(s.decisions().get(s.decisions().size() - 1).reason()).contains("sample ratio mismatch")
            .contains("300 of 600").contains("configured 20%");
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        assertThat(actions()).contains("halt", "loop_halted");
    }
}
