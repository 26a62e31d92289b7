/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.Stores;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guardrail runs by itself, every N records stored for a task, off the appending thread. */
class GuardrailTriggerTest {
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final String BASE = "gpt-4o-mini-2024-07-18";
    private static final String CANDIDATE = "ft:gpt-4o-mini-2024-07-18:org:card:abc";
    private static final Map<String, Object> PREDICTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "57");
    private static final Map<String, Object> CORRECTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "58");

    private MutableClock clock;
    private long sequence;
    private ProductionLogStore log;
    private DefaultModelRegistry registry;
    /** Runs nothing until the test drains it, so the test sees what the caller's thread did alone. */
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private final Executor queue = queued::add;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-11-02T09:00:00Z");
        Stores stores = MemoryStores.create();
        log = stores.productionLog();
        registry = new DefaultModelRegistry(stores.registry(), TestCatalog.config(), clock);
        registry.startRollout(CARD, CANDIDATE, 50, "gate passed");
    }

    private GuardrailTrigger evaluator(Map<String, String> config) {
        return new GuardrailTrigger(log, new RolloutGuardrail(log, registry, SlabMlConfig.of(config), clock),
            SlabMlConfig.of(config), queue);
    }

    /**
     * Tracks {@code pairs} records per arm, alternating base and candidate: one base record in ten
     * corrected, one candidate record in two.
     */
    private void serve(GuardrailTrigger evaluator, int pairs) {
        for (int i = 0; i < pairs; i++) {
            clock.advance(Duration.ofSeconds(10));
            evaluator.append(record(BASE, Arm.BASE, i % 10 == 0));
            evaluator.append(record(CANDIDATE, Arm.CANDIDATE, i % 2 == 0));
        }
    }

    private ProductionRecord record(String model, Arm arm, boolean corrected) {
        return ProductionRecord.builder().id("r" + sequence++).timestamp(clock.instant()).task(CARD).modelId(model)
            .arm(arm).prediction(PREDICTION).correction(corrected ? CORRECTION : Map.of()).build();
    }

    private void drain() {
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
    }

    @Test
    void trackProduction_candidateClearlyWorse_rolledBackAfterCheckEveryRecordsWithNumbersInHistory() {
        // given
        GuardrailTrigger evaluator = evaluator(Map.of("slabml.guardrail.check_every", "100"));

        // when: 99 records, then the 100th
        serve(evaluator, 49);
        evaluator.append(record(BASE, Arm.BASE, false));
        assertThat(queued).isEmpty();
        evaluator.append(record(CANDIDATE, Arm.CANDIDATE, true));

        // then: the check was handed off, not run on the tracking thread
        assertThat(queued).hasSize(1);
        assertThat(registry.deployment(CARD).candidateModel()).contains(CANDIDATE);

        // when the background thread runs it
        drain();

        // then
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        assertThat(registry.deployment(CARD).rolloutPercent()).isZero();
        DeploymentEvent last = registry.history(CARD).get(registry.history(CARD).size() - 1);
        assertThat(last.action()).isEqualTo("halt");
        assertThat(last.reason()).contains("shown worse").contains("(26/50)").contains("(5/50)");
        assertThat(last.details()).containsEntry("candidate_model", CANDIDATE)
            .containsEntry("candidate_corrections", 26L).containsEntry("candidate_volume", 50L)
            .containsEntry("base_corrections", 5L).containsEntry("base_volume", 50L)
            .containsKeys("difference_lower", "difference_upper", "alpha");
        assertThat((Double) last.details().get("difference_lower")).isPositive();
    }

    @Test
    void trackProduction_defaultCheckEvery_checksAt200RecordsOfTheTask() {
        // given
        GuardrailTrigger evaluator = evaluator(Map.of());

        // when
        serve(evaluator, 99);
        evaluator.append(record(BASE, Arm.BASE, false));
        evaluator.append(ProductionRecord.builder().id("listing").timestamp(clock.instant())
            .task(TaskName.LISTING_GENERATION).modelId(BASE).prediction(Map.of("title", "t", "description", "d")).build());
        int queuedBefore200 = queued.size();
        evaluator.append(record(CANDIDATE, Arm.CANDIDATE, true));

        // then: other tasks' records do not count toward the card task
        assertThat(queuedBefore200).isZero();
        assertThat(queued).hasSize(1);
        drain();
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
    }

    @Test
    void trackProduction_checkEveryZero_neverChecks() {
        GuardrailTrigger evaluator = evaluator(Map.of("slabml.guardrail.check_every", "0"));

        serve(evaluator, 300);

        assertThat(queued).isEmpty();
        assertThat(registry.deployment(CARD).candidateModel()).contains(CANDIDATE);
    }

    @Test
    void trackProduction_checkStillPending_isNotQueuedTwice() {
        GuardrailTrigger evaluator = evaluator(Map.of("slabml.guardrail.check_every", "10"));

        serve(evaluator, 50);

        assertThat(queued).hasSize(1);
        drain();
        serve(evaluator, 5);
        assertThat(queued).hasSize(1);
    }

    @Test
    void trackProduction_candidateAsGoodAsBase_keepsTheRollout() {
        GuardrailTrigger evaluator = evaluator(Map.of("slabml.guardrail.check_every", "50"));

        for (int i = 0; i < 100; i++) {
            evaluator.append(record(BASE, Arm.BASE, i % 10 == 0));
            evaluator.append(record(CANDIDATE, Arm.CANDIDATE, i % 10 == 1));
            drain();
        }

        assertThat(registry.deployment(CARD).candidateModel()).contains(CANDIDATE);
        assertThat(registry.history(CARD)).extracting(DeploymentEvent::action).containsExactly("start");
    }

    @Test
    void close_ownBackgroundThread_finishesTheScheduledCheckAndStops() {
        // given: the trigger's own executor; the one check is scheduled after the 100th record is stored
        SlabMlConfig config = SlabMlConfig.of(Map.of("slabml.guardrail.check_every", "100"));
        GuardrailTrigger evaluator = new GuardrailTrigger(log, new RolloutGuardrail(log, registry, config, clock), config,
            null);
        serve(evaluator, 50);

        // when
        evaluator.close();

        // then
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        assertThat(registry.history(CARD)).extracting(DeploymentEvent::action).containsExactly("start", "halt");
    }

    @Test
    void constructor_negativeCheckEvery_failsNamingTheKey() {
        assertThatThrownBy(() -> evaluator(Map.of("slabml.guardrail.check_every", "-1")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.guardrail.check_every");
    }
}
