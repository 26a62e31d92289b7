/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.core.internal.store.FileStoreProvider;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming analysis (the file store's parallel scan, and the generic stream of any other
 * store) computes what the in-memory computation of 0.1 computes from the same records: counts,
 * correction rates, corrected fields, ratings, tokens and nearest-rank percentiles.
 */
class StreamingAnalysisAgreementTest {
    private static final YearMonth MONTH = YearMonth.of(2026, 11);
    private static final SlabMlConfig CONFIG = SlabMlConfig.of(Map.of());

    @TempDir
    Path data;

    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");

    @Test
    void analyzeMonth_fileStore_agreesWithTheInMemoryComputation() {
        try (Stores stores = fileStores();
             DefaultModelEvaluator evaluator = evaluator(stores.productionLog())) {
            fill(evaluator, stores.productionLog(), 3_000, 2_000);

            MonthlyAnalysis streamed = evaluator.analyzeMonth(MONTH);

            assertAgreesWithInMemory(streamed, stores.productionLog());
            assertThat(streamed.skippedRecords()).isZero();
        }
    }

    @Test
    void analyzeMonth_storeWithoutAggregator_streamsAndAgreesWithTheInMemoryComputation() {
        Stores stores = MemoryStores.create();
        try (DefaultModelEvaluator evaluator = evaluator(stores.productionLog())) {
            fill(evaluator, stores.productionLog(), 3_000, 2_000);

            MonthlyAnalysis streamed = evaluator.analyzeMonth(MONTH);

            assertThat(stores.productionLog().aggregator()).isEmpty();
            assertAgreesWithInMemory(streamed, stores.productionLog());
        }
    }

    @Test
    void analyzeMonth_latenciesBeyondTheExactRange_percentilesWithinTheStatedBound() {
        try (Stores stores = fileStores();
             DefaultModelEvaluator evaluator = evaluator(stores.productionLog())) {
            Random random = new Random(7);
            Instant t = Instant.parse("2026-11-02T00:00:00Z");
            for (int i = 0; i < LatencySketchLimit.ABOVE; i++) {
                stores.productionLog().append(ProductionRecord.builder().id("r" + i).timestamp(t.plusSeconds(i))
                    .modelId("base-model").prediction(ReportFixtures.JORDAN).correctedFields(i % 10 == 0 ? List.of("year") : List.of())
                    .latencyMillis((long) random.nextInt(120_000)).build());
            }

            MonthlyAnalysis streamed = evaluator.analyzeMonth(MONTH);

            List<ModelMonthStats> exact = inMemory(stores.productionLog()).perModel(records(stores.productionLog()));
            ModelMonthStats sketched = streamed.perModel().get(0);
            ModelMonthStats truth = exact.get(0);
            assertThat(sketched.model()).isEqualTo(truth.model());
            assertThat(sketched.latencyErrorMillis()).isPositive().isLessThanOrEqualTo(120_000 / 1024);
            long bound = sketched.latencyErrorMillis();
            assertThat(sketched.latencyP50Millis()).isBetween(truth.latencyP50Millis(), truth.latencyP50Millis() + bound);
            assertThat(sketched.latencyP90Millis()).isBetween(truth.latencyP90Millis(), truth.latencyP90Millis() + bound);
            assertThat(sketched.latencyP95Millis()).isBetween(truth.latencyP95Millis(), truth.latencyP95Millis() + bound);
            assertThat(sketched.latencyP99Millis()).isBetween(truth.latencyP99Millis(), truth.latencyP99Millis() + bound);
            assertThat(sketched.correctionRate()).isEqualTo(truth.correctionRate());
        }
    }

    @Test
    void analyzeMonth_damagedLines_skipsAndCountsThem() throws IOException {
        Path log = data.resolve("evaluation_results/production_log_202611.jsonl");
        try (Stores stores = fileStores();
             DefaultModelEvaluator evaluator = evaluator(stores.productionLog())) {
            fill(evaluator, stores.productionLog(), 300, 2_000);
            ((com.slabstak.slabml.core.internal.store.FileProductionLogStore) stores.productionLog()).count(MONTH);
            Files.writeString(log, "{\"model_id\":\"m\",\"arm\":\"base\",\"rating\":9}\nnot json at all\n"
                + "{\"arm\":\"base\"}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

            MonthlyAnalysis streamed = evaluator.analyzeMonth(MONTH);

            assertThat(streamed.skippedRecords()).isEqualTo(3);
            assertThat(streamed.totalPredictions()).isEqualTo(300);
        }
    }

    @Test
    void trackProduction_correction_storesTheComparatorsJudgement() {
        try (Stores stores = fileStores();
             DefaultModelEvaluator evaluator = evaluator(stores.productionLog())) {
            evaluator.trackProduction(ProductionRecord.builder().modelId("base-model").prediction(ReportFixtures.JORDAN)
                .correction(Map.of("card_number", "#57", "year", "1987")).build());
            evaluator.trackProduction(ProductionRecord.builder().modelId("base-model").prediction(ReportFixtures.JORDAN)
                .build());

            List<ProductionRecord> stored = records(stores.productionLog());

            assertThat(stored.get(0).correctedFields()).contains(List.of("year"));
            assertThat(stored.get(0).isCorrected()).isTrue();
            assertThat(stored.get(1).correctedFields()).contains(List.of());
        }
    }

    /** More latencies than a sketch keeps exactly. */
    private static final class LatencySketchLimit {
        static final int ABOVE = com.slabstak.slabml.core.internal.analysis.LatencySketch.EXACT_LIMIT + 1_000;
    }

    private Stores fileStores() {
        return new FileStoreProvider().create(ProviderContext.of(CONFIG, data, clock));
    }

    private DefaultModelEvaluator evaluator(ProductionLogStore log) {
        return new DefaultModelEvaluator(log, new DefaultModelRegistry(MemoryStores.create().registry(), CONFIG, clock),
            TestTasks.all(), data.resolve("results"), CONFIG, clock);
    }

    /**
     * Tracks {@code n} records over three models and every arm, through the evaluator (judged when
     * tracked) and, one in four, straight into the store without a judgement, as 0.1 wrote them;
     * some corrections only re-type a value ("#57" for "57"), which is no correction.
     */
    private static void fill(DefaultModelEvaluator evaluator, ProductionLogStore log, int n, int maxLatency) {
        Random random = new Random(42);
        String[] models = {"base-model", "tuned-model", "other-model"};
        Arm[] arms = Arm.values();
        Instant t = Instant.parse("2026-11-02T00:00:00Z");
        for (int i = 0; i < n; i++) {
            Map<String, Object> correction = new HashMap<>();
            int kind = random.nextInt(10);
            if (kind == 0) {
                correction.put("year", "1990");
            } else if (kind == 1) {
                correction.put("card_number", "#57");
            } else if (kind == 2) {
                correction.put("player", "Scottie Pippen");
                correction.put("grade", "8");
            }
            ProductionRecord.Builder b = ProductionRecord.builder()
                .modelId(models[random.nextInt(i % 7 == 0 ? 3 : 2)])
                .arm(arms[random.nextInt(arms.length)])
                .prediction(ReportFixtures.JORDAN)
                .correction(correction)
                .rating(random.nextInt(4) == 0 ? 1 + random.nextInt(5) : null)
                .latencyMillis(random.nextInt(20) == 0 ? null : (long) random.nextInt(maxLatency))
                .usage(random.nextInt(10) == 0 ? null : new TokenUsage(100 + random.nextInt(300), random.nextInt(80)))
                .timestamp(t.plusSeconds(i));
            if (i % 4 == 0) {
                log.append(b.id("legacy-" + i).build());
            } else {
                evaluator.trackProduction(b.build());
            }
        }
    }

    private static ProductionStats inMemory(ProductionLogStore log) {
        return new ProductionStats(FieldComparators.of(TestTasks.all()));
    }

    private static List<ProductionRecord> records(ProductionLogStore log) {
        try (Stream<ProductionRecord> s = log.read(MONTH)) {
            return s.collect(Collectors.toList());
        }
    }

    private static void assertAgreesWithInMemory(MonthlyAnalysis streamed, ProductionLogStore log) {
        List<ProductionRecord> records = records(log);
        ProductionStats stats = inMemory(log);
        assertThat(streamed.totalPredictions()).isEqualTo(records.size());
        assertSame(streamed.perModel(), stats.perModel(records));
        assertSame(streamed.perModelAndArm(), stats.perModelAndArm(records));
        assertThat(streamed.perModelAndArm()).hasSize(9);
        assertThat(streamed.perModel().get(0).latencyErrorMillis()).isZero();
    }

    private static void assertSame(List<ModelMonthStats> streamed, List<ModelMonthStats> inMemory) {
        assertThat(streamed).hasSameSizeAs(inMemory);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < streamed.size(); i++) {
            ModelMonthStats a = streamed.get(i);
            ModelMonthStats b = inMemory.get(i);
            if (!a.equals(b)) {
                differences.add(a + "\n  vs " + b);
            }
        }
        assertThat(differences).isEmpty();
        assertThat(streamed.get(0).mostCorrectedFields()).containsOnlyKeys("grade", "player", "year");
    }
}
