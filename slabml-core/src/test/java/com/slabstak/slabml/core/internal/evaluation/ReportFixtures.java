/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Three months of production, a rollout and an A/B test, with known numbers. */
final class ReportFixtures {
    static final String TUNED = "ft:gpt-4o-mini-2024-07-18:org:card-id:abc123";
    static final Map<String, Object> JORDAN = CardData.builder().player("Michael Jordan").year("1986-87").brand("Fleer")
        .cardNumber("57").grade("9.5").gradingCompany("BGS").build().toMap();

    final MutableClock clock = MutableClock.at("2026-09-01T00:00:00Z");
    final ProductionLogStore log = MemoryStores.create().productionLog();
    final TestRegistry registry = new TestRegistry(clock);
    final DefaultModelEvaluator evaluator;
    private int sequence;

    ReportFixtures(Path resultsDirectory) {
        evaluator = new DefaultModelEvaluator(log, registry, TestTasks.all(), resultsDirectory, TestCatalog.config(),
            clock);
        // September: base only, 20% corrected
        serve(TestRegistry.BASE, Arm.BASE, 100, 20, "2026-09-03T00:00:00Z");
        // October: candidate at 20% then 50%
        clock.set(Instant.parse("2026-10-01T09:00:00Z"));
        registry.startRollout(TaskName.CARD_IDENTIFICATION, TUNED, 20, "gate: significantly better, p = 0.0012");
        serve(TestRegistry.BASE, Arm.BASE, 80, 15, "2026-10-02T00:00:00Z");
        serve(TUNED, Arm.CANDIDATE, 20, 2, "2026-10-05T00:00:00Z");
        clock.set(Instant.parse("2026-10-15T09:00:00Z"));
        registry.setRolloutPercent(TaskName.CARD_IDENTIFICATION, 50, "two weeks without regressions");
        // November: promoted to 100%
        clock.set(Instant.parse("2026-11-01T09:00:00Z"));
        registry.promote(TaskName.CARD_IDENTIFICATION, "guardrail clean for a month");
        serve(TUNED, Arm.CANDIDATE, 150, 12, "2026-11-02T00:00:00Z");
        serve(TestRegistry.BASE, Arm.FALLBACK, 5, 1, "2026-11-20T00:00:00Z");
        clock.set(Instant.parse("2026-11-30T12:00:00Z"));
    }

    private void serve(String model, Arm arm, int n, int corrected, String from) {
        Instant t = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            t = t.plus(Duration.ofMinutes(7));
            Map<String, Object> correction = new HashMap<>(JORDAN);
            correction.put(i % 3 == 0 ? "year" : "card_number", i % 3 == 0 ? "1987-88" : "58");
            log.append(ProductionRecord.builder().id("r" + sequence++).timestamp(t).modelId(model).arm(arm).prediction(JORDAN)
                .correction(i < corrected ? correction : Map.of()).rating(i % 4 == 0 ? 3 + i % 3 : null)
                .latencyMillis(400L + (i * 37L) % 900).usage(new TokenUsage(300, 60)).build());
        }
    }

    /** Base right on 31 of 50, fine-tuned on 44: b = 2, c = 15. */
    AbTestResult abTest() {
        List<Map<String, Object>> truth = new ArrayList<>();
        List<Map<String, Object>> base = new ArrayList<>();
        List<Map<String, Object>> tuned = new ArrayList<>();
        Map<String, Object> wrongYear = new HashMap<>(JORDAN);
        wrongYear.put("year", "1987-88");
        Map<String, Object> wrongGrade = new HashMap<>(JORDAN);
        wrongGrade.put("grade", "9");
        for (int i = 0; i < 50; i++) {
            truth.add(JORDAN);
            base.add(i < 19 ? (i % 2 == 0 ? wrongYear : wrongGrade) : JORDAN);
            tuned.add(i < 4 || (i >= 19 && i < 21) ? wrongGrade : JORDAN);
        }
        return evaluator.abTest(TaskName.CARD_IDENTIFICATION, base, tuned, truth, "base", "fine-tuned");
    }
}
