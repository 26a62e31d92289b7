/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutGuardrailTest {
    private static final String BASE_MODEL = "base-model";
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final Map<String, Object> PREDICTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "57");
    private static final Map<String, Object> CORRECTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "58");

    private MutableClock clock;
    private ProductionLogStore log;
    private TestRegistry registry;
    private long sequence;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-11-01T08:00:00Z");
        log = MemoryStores.create().productionLog();
        registry = new TestRegistry(clock);
    }

    private RolloutGuardrail guardrail(Map<String, String> config) {
        return new RolloutGuardrail(log, registry, SlabMlConfig.of(config), clock);
    }

    /** Adds {@code n} records of an arm, the first {@code corrected} of them corrected. */
    private void serve(String model, Arm arm, int n, int corrected) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(30));
            log.append(ProductionRecord.builder().id("r" + sequence++).timestamp(clock.instant()).task(CARD).modelId(model)
                .arm(arm).prediction(PREDICTION).correction(i < corrected ? CORRECTION : Map.of()).build());
        }
    }

    @Test
    void check_candidateMuchWorse_rollsBackWithNumbersInTheReason() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(TestRegistry.BASE, Arm.BASE, 200, 20);
        serve("ft:card", Arm.CANDIDATE, 200, 50);

        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLED_BACK);
        double[] expected = Statistics.twoProportionGreater(20, 200, 50, 200);
        assertThat(d.z()).isCloseTo(expected[0], within(1e-12));
        assertThat(d.pValue()).isCloseTo(expected[1], within(1e-15)).isLessThan(0.05);
        assertThat(d.baseCorrections().successes()).isEqualTo(20);
        assertThat(d.candidateCorrections().successes()).isEqualTo(50);
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        assertThat(registry.history(CARD)).last().satisfies(e -> {
            assertThat(e.action()).isEqualTo("rollback");
            assertThat(e.reason()).contains("25.0% (50/200)").contains("10.0% (20/200)").contains("p = ");
        });
    }

    @Test
    void check_sameRates_continues() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(TestRegistry.BASE, Arm.BASE, 200, 30);
        serve("ft:card", Arm.CANDIDATE, 200, 32);

        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.CONTINUE);
        assertThat(d.pValue()).isGreaterThan(0.05);
        assertThat(registry.deployment(CARD).candidateModel()).hasValue("ft:card");
    }

    @Test
    void check_candidateBetter_continues() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(TestRegistry.BASE, Arm.BASE, 200, 60);
        serve("ft:card", Arm.CANDIDATE, 200, 10);

        assertThat(guardrail(Map.of()).check(CARD).action()).isEqualTo(GuardrailDecision.Action.CONTINUE);
    }

    @Test
    void check_belowMinimumVolume_waitsForData() {
        registry.startRollout(CARD, "ft:card", 20, "gate passed");
        serve(TestRegistry.BASE, Arm.BASE, 100, 0);
        serve("ft:card", Arm.CANDIDATE, 20, 20);

        GuardrailDecision d = guardrail(Map.of("slabml.guardrail.min_volume", "25")).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.INSUFFICIENT_DATA);
        assertThat(d.reason()).contains("25 predictions");
        assertThat(registry.deployment(CARD).candidateModel()).hasValue("ft:card");
    }

    @Test
    void check_autoRollbackOff_recommendsWithoutChangingTheRegistry() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(TestRegistry.BASE, Arm.BASE, 200, 20);
        serve("ft:card", Arm.CANDIDATE, 200, 50);

        GuardrailDecision d = guardrail(Map.of("slabml.guardrail.auto_rollback", "false")).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLBACK_RECOMMENDED);
        assertThat(registry.history(CARD)).hasSize(1);
    }

    @Test
    void check_recordsBeforeTheRolloutAndFallbackRecords_areNotCounted() {
        serve("ft:card", Arm.CANDIDATE, 300, 300);
        clock.advance(Duration.ofSeconds(1));
        registry.startRollout(CARD, "ft:card", 50, "second attempt");
        serve(TestRegistry.BASE, Arm.BASE, 100, 10);
        serve(TestRegistry.BASE, Arm.FALLBACK, 100, 100);
        serve("ft:card", Arm.CANDIDATE, 100, 11);

        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.CONTINUE);
        assertThat(d.candidateCorrections().total()).isEqualTo(100);
        assertThat(d.baseCorrections().total()).isEqualTo(100);
    }

    @Test
    void check_noCandidate_reportsNoRollout() {
        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.NO_ROLLOUT);
        assertThat(d.candidate()).isEmpty();
    }

    @Test
    void check_rolloutSpanningAMonthBoundary_readsBothMonths() {
        clock.set(java.time.Instant.parse("2026-10-31T22:00:00Z"));
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(TestRegistry.BASE, Arm.BASE, 100, 5);
        serve("ft:card", Arm.CANDIDATE, 100, 30);
        serve(TestRegistry.BASE, Arm.BASE, 200, 10);
        serve("ft:card", Arm.CANDIDATE, 200, 60);

        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.candidateCorrections().total()).isEqualTo(300);
        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLED_BACK);
    }

    @Test
    void check_defaultRegistry_haltsWithTheNumbersInTheEventDetails() {
        DefaultModelRegistry real = new DefaultModelRegistry(MemoryStores.create().registry(),
            SlabMlConfig.of(Map.of("slabml.fine_tuning.base_model", BASE_MODEL)), clock);
        real.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(BASE_MODEL, Arm.BASE, 200, 20);
        serve("ft:card", Arm.CANDIDATE, 200, 50);

        GuardrailDecision d = new RolloutGuardrail(log, real, SlabMlConfig.of(Map.of()), clock).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLED_BACK);
        assertThat(real.deployment(CARD).candidateModel()).isEmpty();
        DeploymentEvent halt = real.history(CARD).get(1);
        assertThat(halt.action()).isEqualTo("halt");
        assertThat(halt.reason()).isEqualTo(d.reason());
        assertThat(halt.details()).containsEntry("candidate_volume", 200L).containsEntry("candidate_corrections", 50L)
            .containsEntry("base_corrections", 20L).containsEntry("p_value", d.pValue());
    }

    @Test
    void check_defaultRegistryWithoutAutoRollback_recordsAnAlertAndKeepsTheCandidate() {
        DefaultModelRegistry real = new DefaultModelRegistry(MemoryStores.create().registry(),
            SlabMlConfig.of(Map.of("slabml.fine_tuning.base_model", BASE_MODEL)), clock);
        real.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(BASE_MODEL, Arm.BASE, 200, 20);
        serve("ft:card", Arm.CANDIDATE, 200, 50);

        GuardrailDecision d = new RolloutGuardrail(log, real, SlabMlConfig.of(Map.of("slabml.guardrail.auto_rollback", "no")),
            clock).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLBACK_RECOMMENDED);
        assertThat(real.deployment(CARD).candidateModel()).hasValue("ft:card");
        assertThat(real.history(CARD)).extracting(DeploymentEvent::action).containsExactly("start", "guardrail_alert");
    }

    @Test
    void checkAll_twoTasks_checksOnlyTheOneRollingOut() {
        registry.deployment(TaskName.LISTING_GENERATION);
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(TestRegistry.BASE, Arm.BASE, 200, 20);
        serve("ft:card", Arm.CANDIDATE, 200, 50);

        List<GuardrailDecision> decisions = guardrail(Map.of()).checkAll();

        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.task()).isEqualTo(CARD);
            assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLED_BACK);
        });
    }
}
