/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.tasks.ListingGenerationTask;
import com.slabstak.slabml.spi.Task;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fields a monthly report charts come from the tasks' {@link Task#headlineFields()}. */
class HeadlineFieldsTest {
    @TempDir
    Path dir;

    private static ModelMonthStats stats(Map<String, Long> corrected) {
        return new ModelMonthStats("m", Arm.CANDIDATE, 100, Statistics.wilson(10, 100), 0, Double.NaN, corrected,
            100, 200, 1000);
    }

    private MonthlyReport report() {
        ReportFixtures f = new ReportFixtures(dir);
        return MonthlyReport.assemble(f.evaluator, f.registry, YearMonth.of(2026, 11), 1, f.clock);
    }

    @Test
    void productionFieldAccuracy_noCorrections_chartsTheCardTasksHeadlineFields() {
        assertThat(report().productionFieldAccuracy(stats(Map.of()))).containsOnlyKeys(CardData.CORE_FIELDS);
    }

    @Test
    void productionFieldAccuracy_cardFieldCorrected_addsItToTheHeadlineFields() {
        Map<String, com.slabstak.slabml.Proportion> accuracy =
            report().productionFieldAccuracy(stats(Map.of("variant", 5L)));

        assertThat(accuracy.keySet()).containsAll(CardData.CORE_FIELDS).contains("variant");
        assertThat(accuracy.get("variant").successes()).isEqualTo(95);
    }

    @Test
    void productionFieldAccuracy_listingFieldCorrected_chartsTheListingTasksFields() {
        List<String> listingFields = new ListingGenerationTask().headlineFields();

        Map<String, com.slabstak.slabml.Proportion> accuracy =
            report().productionFieldAccuracy(stats(Map.of(listingFields.get(0), 3L)));

        assertThat(accuracy).containsOnlyKeys(listingFields);
    }

    @Test
    void productionFieldAccuracy_taskOfOnesOwn_chartsItsHeadlineFieldsOnly() {
        Task custom = TestTasks.task(new TaskName("grading"), List.of("grade", "notes"), List.of("grade"));
        MonthlyReport report = report().toBuilder().tasks(List.of(custom)).build();

        assertThat(report.productionFieldAccuracy(stats(Map.of()))).containsOnlyKeys("grade");
        assertThat(report.productionFieldAccuracy(stats(Map.of("notes", 1L)))).containsOnlyKeys("grade", "notes");
    }
}
