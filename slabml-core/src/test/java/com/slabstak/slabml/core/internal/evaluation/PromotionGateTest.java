/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.PromotionDecision;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionGateTest {
    private static final double ALPHA = 0.05;

    /**
     * An A/B result on {@code n} items where both models got {@code both} right, A alone {@code b},
     * B alone {@code c}.
     */
    private static AbTestResult result(int n, int both, int b, int c) {
        McNemarResult t = Statistics.mcNemar(b, c);
        AccuracyReport ra = new AccuracyReport(n, Statistics.wilson(both + b, n), Map.of(), List.of());
        AccuracyReport rb = new AccuracyReport(n, Statistics.wilson(both + c, n), Map.of(), List.of());
        boolean significant = t.pValue() < ALPHA;
        return new AbTestResult("base", "candidate", n, ra, rb, b, c, t.test(), t.statistic(), t.pValue(), ALPHA, Map.of(),
            significant ? (c > b ? "candidate" : "base") : null, "note");
    }

    @Test
    void decide_candidateSignificantlyBetter_promotesAsSuperior() {
        PromotionDecision d = PromotionGate.decide(result(100, 60, 2, 14), 0.0);

        assertThat(d.promote()).isTrue();
        assertThat(d.verdict()).isEqualTo(PromotionDecision.SUPERIOR);
        assertThat(d.reason()).contains("significantly better").contains("p = ");
        assertThat(d.numbers()).containsEntry("b", 2.0).containsEntry("c", 14.0);
    }

    @Test
    void decide_candidateSignificantlyWorse_rejectsEvenWithALargeMargin() {
        PromotionDecision d = PromotionGate.decide(result(100, 60, 14, 2), 0.5);

        assertThat(d.promote()).isFalse();
        assertThat(d.verdict()).isEqualTo(PromotionDecision.INFERIOR);
    }

    @Test
    void decide_equalModelsOnManyItemsWithMargin_promotesAsNonInferior() {
        // 1000 items, 30 discordant each way: the difference is 0 +- about 1.3 points
        PromotionDecision d = PromotionGate.decide(result(1000, 800, 30, 30), 0.03);

        assertThat(d.promote()).isTrue();
        assertThat(d.verdict()).isEqualTo(PromotionDecision.NON_INFERIOR);
        assertThat(d.numbers().get("delta_lower_bound")).isBetween(-0.03, 0.0);
    }

    @Test
    void decide_equalModelsOnFewItems_isInconclusiveWithinTheSameMargin() {
        // 50 items, 6 discordant each way: the lower bound is about -7 points, outside a 3-point margin
        PromotionDecision d = PromotionGate.decide(result(50, 30, 6, 6), 0.03);

        assertThat(d.promote()).isFalse();
        assertThat(d.verdict()).isEqualTo(PromotionDecision.INCONCLUSIVE);
        assertThat(d.numbers().get("delta_lower_bound")).isLessThan(-0.03);
    }

    @Test
    void decide_noMarginAndNotSignificant_rejects() {
        PromotionDecision d = PromotionGate.decide(result(1000, 800, 30, 30), 0.0);

        assertThat(d.promote()).isFalse();
        assertThat(d.reason()).contains("not significantly better");
    }

    @Test
    void decide_invalidMargin_throws() {
        assertThatThrownBy(() -> PromotionGate.decide(result(10, 5, 1, 1), -0.1)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("margin");
    }

    @Test
    void decideAndRecord_promoted_registersNumbersAndStartsRolloutWithReason() {
        MutableClock clock = MutableClock.at("2026-11-24T12:00:00Z");
        TestRegistry registry = new TestRegistry(clock);
        registry.register(ModelVersion.builder().task(TaskName.CARD_IDENTIFICATION).modelId("ft:card")
            .baseModel(TestRegistry.BASE).jobId("job-1").createdAt(Instant.parse("2026-11-20T00:00:00Z")).build());
        PromotionGate gate = new PromotionGate(registry, SlabMlConfig.of(Map.of()), clock);

        PromotionDecision d = gate.decideAndRecord(TaskName.CARD_IDENTIFICATION, "ft:card", result(100, 60, 2, 14));

        assertThat(d.promote()).isTrue();
        assertThat(registry.deployment(TaskName.CARD_IDENTIFICATION).candidateModel()).hasValue("ft:card");
        assertThat(registry.deployment(TaskName.CARD_IDENTIFICATION).rolloutPercent()).isEqualTo(20);
        assertThat(registry.history(TaskName.CARD_IDENTIFICATION)).singleElement()
            .satisfies(e -> assertThat(e.reason()).isEqualTo(d.reason()));
        ModelVersion recorded = registry.versions(TaskName.CARD_IDENTIFICATION).get(1);
        assertThat(recorded.jobId()).hasValue("job-1");
        assertThat(recorded.metrics()).containsEntry("gate_promote", 1.0).containsEntry("gate_c", 14.0)
            .containsKey("gate_p_value");
    }

    @Test
    void decideAndRecord_rejected_registersNumbersWithoutRollout() {
        MutableClock clock = MutableClock.at("2026-11-24T12:00:00Z");
        TestRegistry registry = new TestRegistry(clock);
        PromotionGate gate = new PromotionGate(registry,
            SlabMlConfig.of(Map.of(PromotionGate.MARGIN_KEY, "0.01", PromotionGate.INITIAL_PERCENT_KEY, "10")), clock);

        PromotionDecision d = gate.decideAndRecord(TaskName.CARD_IDENTIFICATION, "ft:card", result(50, 30, 6, 6));

        assertThat(d.promote()).isFalse();
        assertThat(registry.history(TaskName.CARD_IDENTIFICATION)).isEmpty();
        assertThat(registry.versions(TaskName.CARD_IDENTIFICATION)).singleElement().satisfies(v -> {
            assertThat(v.baseModel()).isEqualTo(TestRegistry.BASE);
            assertThat(v.createdAt()).isEqualTo(clock.instant());
            assertThat(v.metrics()).containsEntry("gate_promote", 0.0).containsEntry("gate_margin", 0.01);
        });
    }

    @Test
    void decideAndRecord_defaultRegistry_recordsGateEventWithNumbersAndStartsRollout() {
        MutableClock clock = MutableClock.at("2026-11-24T12:00:00Z");
        DefaultModelRegistry registry = new DefaultModelRegistry(MemoryStores.create().registry(), TestCatalog.config(),
            clock);
        PromotionGate gate = new PromotionGate(registry, SlabMlConfig.of(Map.of()), clock);

        PromotionDecision rejected = gate.decideAndRecord(TaskName.CARD_IDENTIFICATION, "ft:old", result(50, 30, 6, 6));
        clock.advance(java.time.Duration.ofHours(1));
        PromotionDecision promoted = gate.decideAndRecord(TaskName.CARD_IDENTIFICATION, "ft:new", result(100, 60, 2, 14));

        assertThat(rejected.promote()).isFalse();
        assertThat(promoted.promote()).isTrue();
        List<DeploymentEvent> history = registry.history(TaskName.CARD_IDENTIFICATION);
        assertThat(history).extracting(DeploymentEvent::action).containsExactly("gate", "gate", "start");
        assertThat(history.get(0).details()).containsEntry("candidate_model", "ft:old").containsEntry("promote", false)
            .containsEntry("verdict", PromotionDecision.INCONCLUSIVE).containsKey("p_value");
        assertThat(history.get(0).deployment().candidateModel()).isEmpty();
        assertThat(history.get(2).reason()).isEqualTo(promoted.reason());
        assertThat(registry.deployment(TaskName.CARD_IDENTIFICATION).candidateModel()).hasValue("ft:new");
        assertThat(registry.versions(TaskName.CARD_IDENTIFICATION)).extracting(ModelVersion::modelId)
            .containsExactly("ft:old", "ft:new");
    }
}
