/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.GuardrailDecision;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutGuardrailTest {
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final String BASE = com.slabstak.slabml.core.testing.TestCatalog.MINI;
    private static final Map<String, Object> PREDICTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "57");
    private static final Map<String, Object> CORRECTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "58");

    private MutableClock clock;
    private ProductionLogStore log;
    private DefaultModelRegistry registry;
    private long sequence;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-11-01T08:00:00Z");
        log = MemoryStores.create().productionLog();
        registry = new DefaultModelRegistry(MemoryStores.create().registry(), com.slabstak.slabml.core.testing.TestCatalog.config(), clock);
    }

    private RolloutGuardrail guardrail(Map<String, String> config) {
        return new RolloutGuardrail(log, registry, com.slabstak.slabml.core.testing.TestCatalog.config(config), clock);
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
    void check_candidateMuchWorse_haltsWithTheNumbersInTheHistory() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(BASE, Arm.BASE, 200, 20);
        serve("ft:card", Arm.CANDIDATE, 200, 60);

        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLED_BACK);
        assertThat(d.stopped()).isTrue();
        double[] expected = SequentialTests.difference(20, 200, 60, 200, 0.05, 1_000);
        assertThat(d.differenceLower()).isCloseTo(expected[0], within(1e-12)).isPositive();
        assertThat(d.differenceUpper()).isCloseTo(expected[1], within(1e-12));
        assertThat(d.baseCorrections().successes()).isEqualTo(20);
        assertThat(d.candidateCorrections().successes()).isEqualTo(60);
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        DeploymentEvent halt = registry.history(CARD).get(1);
        assertThat(halt.action()).isEqualTo("halt");
        assertThat(halt.reason()).isEqualTo(d.reason()).contains("30.0% (60/200)").contains("10.0% (20/200)")
            .contains("confidence sequence");
        assertThat(halt.details()).containsEntry("candidate_volume", 200L).containsEntry("candidate_corrections", 60L)
            .containsEntry("base_corrections", 20L).containsEntry("difference_lower", d.differenceLower());
    }

    @Test
    void check_sameRates_continuesWithoutDeciding() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(BASE, Arm.BASE, 200, 30);
        serve("ft:card", Arm.CANDIDATE, 200, 32);

        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.CONTINUE);
        assertThat(d.differenceLower()).isNegative();
        assertThat(d.differenceUpper()).isGreaterThan(0.02);
        assertThat(registry.deployment(CARD).candidateModel()).hasValue("ft:card");
    }

    @Test
    void check_candidateClearlyBetter_isNonInferior() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(BASE, Arm.BASE, 200, 60);
        serve("ft:card", Arm.CANDIDATE, 200, 10);

        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.NON_INFERIOR);
        assertThat(d.differenceUpper()).isLessThan(d.margin());
    }

    @Test
    void check_belowMinimumVolume_waitsForData() {
        registry.startRollout(CARD, "ft:card", 20, "gate passed");
        serve(BASE, Arm.BASE, 100, 0);
        serve("ft:card", Arm.CANDIDATE, 20, 20);

        GuardrailDecision d = guardrail(Map.of("slabml.guardrail.min_volume", "25")).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.INSUFFICIENT_DATA);
        assertThat(d.reason()).contains("25 predictions");
        assertThat(registry.deployment(CARD).candidateModel()).hasValue("ft:card");
    }

    @Test
    void check_autoRollbackOff_recordsAnAlertAndKeepsTheCandidate() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(BASE, Arm.BASE, 200, 20);
        serve("ft:card", Arm.CANDIDATE, 200, 60);

        GuardrailDecision d = guardrail(Map.of("slabml.guardrail.auto_rollback", "false")).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLBACK_RECOMMENDED);
        assertThat(registry.deployment(CARD).candidateModel()).hasValue("ft:card");
        assertThat(registry.history(CARD)).extracting(DeploymentEvent::action).containsExactly("start", "guardrail_alert");
    }

    @Test
    void check_recordsBeforeTheRolloutAndFallbackRecords_areNotCounted() {
        serve("ft:card", Arm.CANDIDATE, 300, 300);
        clock.advance(Duration.ofSeconds(1));
        registry.startRollout(CARD, "ft:card", 50, "second attempt");
        serve(BASE, Arm.BASE, 100, 10);
        serve(BASE, Arm.FALLBACK, 100, 100);
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

    /** A 50% rollout started at {@code start}, then 100 base records (5 corrected) and 100 candidate ones (8), 30 s apart. */
    private RolloutGuardrail rolloutServedFrom(String start) {
        clock.set(Instant.parse(start));
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(BASE, Arm.BASE, 100, 5);
        serve("ft:card", Arm.CANDIDATE, 100, 8);
        return guardrail(Map.of());
    }

    @Test
    void check_rolloutSpanningAMonthBoundary_readsBothMonths() {
        RolloutGuardrail guardrail = rolloutServedFrom("2026-10-31T22:00:00Z");
        assertThat(guardrail.check(CARD).action()).isEqualTo(GuardrailDecision.Action.CONTINUE);
        serve(BASE, Arm.BASE, 200, 10);
        serve("ft:card", Arm.CANDIDATE, 200, 60);

        GuardrailDecision d = guardrail.check(CARD);

        assertThat(d.candidateCorrections().total()).isEqualTo(300);
        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLED_BACK);
    }

    @Test
    void check_recordsStoredLateIntoAMonthAlreadyRead_areCountedOnce() {
        // given: a rollout read into the next month (200 records, 30 s apart, from 23:00)
        RolloutGuardrail guardrail = rolloutServedFrom("2026-10-31T23:00:00Z");
        assertThat(guardrail.check(CARD).recordsRead()).isEqualTo(200);
        assertThat(clock.instant()).isAfter(Instant.parse("2026-11-01T00:00:00Z"));
        // when: October records arrive after the check moved on to November (a queued write, a held-back transaction)
        for (int i = 0; i < 40; i++) {
            log.append(ProductionRecord.builder().id("late" + i).timestamp(Instant.parse("2026-10-31T23:30:00Z"))
                .task(CARD).modelId("ft:card").arm(Arm.CANDIDATE).prediction(PREDICTION).build());
        }
        serve(BASE, Arm.BASE, 10, 0);
        GuardrailDecision second = guardrail.check(CARD);
        GuardrailDecision third = guardrail.check(CARD);

        // then
        assertThat(second.recordsRead()).isEqualTo(50);
        assertThat(second.candidateCorrections().total()).isEqualTo(140);
        assertThat(second.baseCorrections().total()).isEqualTo(110);
        assertThat(third.recordsRead()).isZero();
        assertThat(third.candidateCorrections().total()).isEqualTo(140);
    }

    @Test
    void check_repeated_readsOnlyTheNewRecords() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(BASE, Arm.BASE, 100, 10);
        serve("ft:card", Arm.CANDIDATE, 100, 10);
        RolloutGuardrail guardrail = guardrail(Map.of());

        GuardrailDecision first = guardrail.check(CARD);
        serve(BASE, Arm.BASE, 30, 3);
        serve("ft:card", Arm.CANDIDATE, 20, 2);
        GuardrailDecision second = guardrail.check(CARD);
        GuardrailDecision third = guardrail.check(CARD);

        assertThat(first.recordsRead()).isEqualTo(200);
        assertThat(second.recordsRead()).isEqualTo(50);
        assertThat(second.baseCorrections()).isEqualTo(com.slabstak.slabml.core.internal.evaluation.Statistics.wilson(13, 130));
        assertThat(second.candidateCorrections().total()).isEqualTo(120);
        assertThat(third.recordsRead()).isZero();
        assertThat(third.candidateCorrections().total()).isEqualTo(120);
    }

    @Test
    void check_candidateShareFarFromTheConfiguredPercentage_haltsForSampleRatioMismatch() {
        registry.startRollout(CARD, "ft:card", 20, "gate passed");
        serve(BASE, Arm.BASE, 300, 30);
        serve("ft:card", Arm.CANDIDATE, 300, 30);

        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.SAMPLE_RATIO_MISMATCH);
        assertThat(d.reason()).contains("sample ratio mismatch").contains("300 of 600").contains("configured 20%");
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        assertThat(registry.history(CARD)).last().satisfies(e -> {
            assertThat(e.action()).isEqualTo("halt");
            assertThat(e.details()).containsEntry("configured_percent", 20).containsKey("srm_log_evidence");
        });
    }

    @Test
    void check_candidateArmStarvedBelowTheMinimumVolume_haltsForSampleRatioMismatch() {
        registry.startRollout(CARD, "ft:card", 20, "gate passed");
        serve(BASE, Arm.BASE, 400, 40);
        serve("ft:card", Arm.CANDIDATE, 5, 0);

        GuardrailDecision d = guardrail(Map.of()).check(CARD);

        assertThat(d.action()).isEqualTo(GuardrailDecision.Action.SAMPLE_RATIO_MISMATCH);
        assertThat(d.reason()).contains("5 of 405").contains("configured 20%");
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        assertThat(registry.history(CARD)).last().satisfies(e -> assertThat(e.action()).isEqualTo("halt"));
    }

    @Test
    void check_newStage_countsTheSampleRatioOfThatStageOnly() {
        registry.startRollout(CARD, "ft:card", 20, "gate passed");
        serve(BASE, Arm.BASE, 400, 40);
        serve("ft:card", Arm.CANDIDATE, 100, 10);
        RolloutGuardrail guardrail = guardrail(Map.of());
        assertThat(guardrail.check(CARD).action()).isNotEqualTo(GuardrailDecision.Action.SAMPLE_RATIO_MISMATCH);
        clock.advance(Duration.ofSeconds(1));
        registry.setRolloutPercent(CARD, 50, "stage passed");
        serve(BASE, Arm.BASE, 250, 25);
        serve("ft:card", Arm.CANDIDATE, 250, 25);

        GuardrailDecision d = guardrail.check(CARD);

        assertThat(d.action()).isNotEqualTo(GuardrailDecision.Action.SAMPLE_RATIO_MISMATCH);
        assertThat(d.candidateCorrections().total()).isEqualTo(350);
    }

    @Test
    void checkAll_twoTasks_checksOnlyTheOneRollingOut() {
        registry.startRollout(CARD, "ft:card", 50, "gate passed");
        serve(BASE, Arm.BASE, 200, 20);
        serve("ft:card", Arm.CANDIDATE, 200, 60);

        List<GuardrailDecision> decisions = guardrail(Map.of()).checkAll();

        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.task()).isEqualTo(CARD);
            assertThat(d.action()).isEqualTo(GuardrailDecision.Action.ROLLED_BACK);
        });
    }
}
