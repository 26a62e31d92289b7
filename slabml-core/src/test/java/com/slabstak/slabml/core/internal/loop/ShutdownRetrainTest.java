/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.LoopStatus;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.rollout.RolloutGuardrail;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.spi.TrainableModel;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retrain trigger of a serving model near its provider's shutdown date, read from the
 * provider's model catalogue: a loop that monitors {@code ft:acme-old:...}, a fine-tune of
 * {@code acme-old}, with {@code slabml.loop.shutdown_days=10} and a manual clock.
 */
class ShutdownRetrainTest {
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final int DAYS = 10;
    private static final String OLD = "acme-old";
    private static final String NEW = "acme-new";
    private static final String SERVING = "ft:acme-old:card-identification:1";

    private MutableClock clock;
    private Stores stores;
    private DefaultModelRegistry registry;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-11-01T08:00:00Z");
        stores = MemoryStores.create();
        registry = new DefaultModelRegistry(stores.registry(), config(Map.of()), clock);
        registry.startRollout(CARD, SERVING, 20, "round 1 passed the gate");
        clock.advance(Duration.ofHours(2));
        registry.promote(CARD, "round 1 serves all traffic");
        LoopState s = new LoopState();
        s.round = 1;
        s.step = LoopStep.MONITOR;
        s.trainFrom = OLD;
        s.candidate = SERVING;
        s.lastTrainedAt = clock.instant();
        s.samplesAtTraining = 300;
        assertThat(stores.state().compareAndSet(LoopState.key(CARD), 0, s.toJson())).isPresent();
        clock.advance(Duration.ofDays(1));
    }

    private static SlabMlConfig config(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(extra);
        m.put("slabml.fine_tuning.base_model", OLD);
        m.putIfAbsent("slabml.loop.shutdown_days", Integer.toString(DAYS));
        return TestCatalog.config(m);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** {@code acme-old} shuts down {@code daysLeft} days from today; {@code acme-new} stays. */
    private ModelCatalog catalog(long daysLeft, String defaultModel) {
        return ModelCatalog.builder("acme")
            .add(TrainableModel.builder(OLD).contextTokens(16_384).shutdownDate(today().plusDays(daysLeft)).build())
            .add(TrainableModel.builder(NEW).contextTokens(16_384).build())
            .defaultModel(defaultModel)
            .baseModelOf(id -> id.startsWith("ft:") ? Optional.of(id.substring(3, id.indexOf(':', 3))) : Optional.empty())
            .build();
    }

    private DefaultImprovementLoop loop(ModelCatalog catalog) {
        return loop(catalog, Map.of());
    }

    private DefaultImprovementLoop loop(ModelCatalog catalog, Map<String, String> extra) {
        SlabMlConfig config = config(extra);
        RolloutGuardrail guardrail = new RolloutGuardrail(stores.productionLog(), registry, config, clock);
        // the monitoring step reads the registry, the production log and the catalogue only
        return new DefaultImprovementLoop(new DefaultImprovementLoop.Parts(stores.state(), stores.samples(), t -> false,
            unused(DatasetExporter.class), unused(FineTuningManager.class), registry, unused(ModelManager.class),
            unused(ModelEvaluator.class), guardrail, stores.productionLog(), catalog), config, clock);
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new AssertionError(type.getSimpleName() + "." + method.getName() + " is not used while monitoring");
        }));
    }

    private List<DeploymentEvent> history(String action) {
        return registry.history(CARD).stream().filter(e -> e.action().equals(action)).toList();
    }

    private LoopState state() {
        return LoopState.parse(stores.state().get(LoopState.key(CARD)).orElseThrow().value());
    }

    @Test
    void runOnce_servingModelShutsDownInNMinus1Days_retrainsFromTheCatalogueSuccessorWithTheNumbersInTheHistory() {
        LoopStatus s = loop(catalog(DAYS - 1, NEW)).runOnce(CARD);

        assertThat(s.step()).isEqualTo(LoopStep.COLLECT);
        assertThat(s.lastDecision().orElseThrow().outcome()).isEqualTo("retrain");
        assertThat(state().retrainReason).contains(SERVING).contains(today().plusDays(DAYS - 1).toString());
        assertThat(state().trainFrom).isEqualTo(NEW);
        DeploymentEvent retrain = history("loop_retrain").get(0);
        assertThat(retrain.reason()).contains("shuts down on " + today().plusDays(DAYS - 1))
            .contains("trains from " + NEW);
        assertThat(retrain.details()).containsEntry("days_left", (double) (DAYS - 1))
            .containsEntry("shutdown_days", (double) DAYS).containsEntry("round", 1);
    }

    @Test
    void runOnce_servingModelShutsDownInNPlus1Days_keepsMonitoring() {
        DefaultImprovementLoop loop = loop(catalog(DAYS + 1, NEW));

        LoopStatus s = loop.runOnce(CARD);

        assertThat(s.step()).isEqualTo(LoopStep.MONITOR);
        assertThat(s.waitingFor()).isEqualTo("monitoring " + SERVING + ": no retrain due");
        assertThat(history("loop_retrain")).isEmpty();
        assertThat(state().trainFrom).isEqualTo(OLD);

        // two days later it is within the ten days
        clock.advance(Duration.ofDays(2));
        assertThat(loop.runOnce(CARD).lastDecision().orElseThrow().outcome()).isEqualTo("retrain");
        assertThat(history("loop_retrain")).singleElement()
            .satisfies(e -> assertThat(e.details()).containsEntry("days_left", (double) (DAYS - 1)));
    }

    @Test
    void runOnce_baseModelShutsDownAndTheCatalogueNamesNoSuccessor_haltsOnceAndSaysWhy() {
        DefaultImprovementLoop loop = loop(catalog(DAYS - 1, OLD));

        LoopStatus s = loop.runOnce(CARD);
        LoopStatus again = loop.runOnce(CARD);

        assertThat(s.step()).isEqualTo(LoopStep.MONITOR);
        assertThat(s.waitingFor()).startsWith("halted: ").contains(OLD)
            .contains("shuts down on " + today().plusDays(DAYS - 1)).contains("no successor")
            .contains("slabml.fine_tuning.base_model");
        assertThat(again.waitingFor()).isEqualTo(s.waitingFor());
        assertThat(loop.status(CARD).waitingFor()).isEqualTo(s.waitingFor());
        assertThat(history("loop_halted")).singleElement().satisfies(e -> assertThat(e.details())
            .containsEntry("base_model_days_left", (double) (DAYS - 1)).containsEntry("days_left", (double) (DAYS - 1)));
        assertThat(history("loop_retrain")).isEmpty();

        // restarted with a catalogue that names a successor, the loop retrains from it
        loop.release(CARD);
        LoopStatus resumed = loop(catalog(DAYS - 1, NEW)).runOnce(CARD);
        assertThat(resumed.step()).isEqualTo(LoopStep.COLLECT);
        assertThat(state().trainFrom).isEqualTo(NEW);
        assertThat(state().haltReason).isNull();
    }

    @Test
    void runOnce_shutdownDaysZero_neverRetrainsForAShutdown() {
        SlabMlConfig config = config(Map.of("slabml.loop.shutdown_days", "0"));
        DefaultImprovementLoop loop = new DefaultImprovementLoop(new DefaultImprovementLoop.Parts(stores.state(),
            stores.samples(), t -> false, unused(DatasetExporter.class), unused(FineTuningManager.class), registry,
            unused(ModelManager.class), unused(ModelEvaluator.class),
            new RolloutGuardrail(stores.productionLog(), registry, config, clock), stores.productionLog(),
            catalog(1, OLD)), config, clock);

        LoopStatus s = loop.runOnce(CARD);

        assertThat(s.step()).isEqualTo(LoopStep.MONITOR);
        assertThat(s.waitingFor()).contains("no retrain due");
    }

    @Test
    void approve_manualRetrain_retrainsOnlyAfterApproval() {
        DefaultImprovementLoop loop = loop(catalog(DAYS - 1, NEW), Map.of("slabml.loop.retrain", "manual"));

        LoopStatus waiting = loop.runOnce(CARD);

        assertThat(waiting.step()).isEqualTo(LoopStep.MONITOR);
        assertThat(waiting.waitingFor()).contains("a retrain from " + NEW).endsWith("waiting for approval of MONITOR");
        assertThat(loop.status(CARD).awaitingApproval()).isTrue();
        assertThat(history("loop_retrain")).isEmpty();

        loop.approve(CARD, LoopStep.MONITOR, "the provider retires acme-old");
        LoopStatus s = loop.runOnce(CARD);

        assertThat(s.step()).isEqualTo(LoopStep.COLLECT);
        assertThat(state().trainFrom).isEqualTo(NEW);
        assertThat(history("loop_retrain")).hasSize(1);
    }
}
