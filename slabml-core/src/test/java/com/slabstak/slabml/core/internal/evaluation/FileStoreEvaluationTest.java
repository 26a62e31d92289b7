/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.core.internal.store.FileStoreProvider;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator on the embedded file stores, in the seed's data layout. */
class FileStoreEvaluationTest {
    @TempDir
    Path data;

    @Test
    void trackProduction_fileStore_writesTheMonthlyLogAndAnalysisReadsItBackAfterRestart() throws IOException {
        MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
        SlabMlConfig config = TestCatalog.config();
        Path results = data.resolve("evaluation_results");
        try (Stores stores = new FileStoreProvider().create(ProviderContext.of(config, data, clock));
             DefaultModelEvaluator evaluator = new DefaultModelEvaluator(stores.productionLog(),
                 new DefaultModelRegistry(stores.registry(), config, clock), TestTasks.all(), results, config, clock)) {
            for (int i = 0; i < 20; i++) {
                clock.advance(Duration.ofMinutes(3));
                evaluator.trackProduction(ProductionRecord.builder().modelId("gpt-4o-mini-2024-07-18").arm(Arm.BASE)
                    .prediction(ReportFixtures.JORDAN)
                    .correction(i < 5 ? Map.of("card_number", "58") : Map.of())
                    .rating(4).latencyMillis(100L + i).usage(new TokenUsage(200, 40)).build());
            }
        }

        Path logFile = results.resolve("production_log_202611.jsonl");
        assertThat(logFile).exists();
        assertThat(Files.readAllLines(logFile)).hasSize(20);
        try (Stores reopened = new FileStoreProvider().create(ProviderContext.of(config, data, clock));
             DefaultModelEvaluator evaluator = new DefaultModelEvaluator(reopened.productionLog(),
                 new DefaultModelRegistry(reopened.registry(), config, clock), TestTasks.all(), results, config, clock)) {
            MonthlyAnalysis a = evaluator.analyzeMonth(YearMonth.of(2026, 11));

            assertThat(a.totalPredictions()).isEqualTo(20);
            assertThat(a.perModel().get(0).correctionRate().successes()).isEqualTo(5);
            assertThat(a.perModel().get(0).mostCorrectedFields()).containsEntry("card_number", 5L);
            ReportWriter.ReportFiles files = evaluator.writeMonthlyReport(YearMonth.of(2026, 11), 3);
            assertThat(files.html()).isEqualTo(results.resolve("reports/monthly_report_202611.html"));
            assertThat(Files.readString(files.html())).contains("25.0% (5/20)");
        }
    }
}
