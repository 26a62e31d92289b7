/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.core.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path dir;

    @Test
    void writeMonthlyReport_threeMonths_writesSelfContainedHtmlWithChartsAndMatchingJson() throws IOException {
        ReportFixtures f = new ReportFixtures(dir);

        ReportWriter.ReportFiles files = f.evaluator.writeMonthlyReport(YearMonth.of(2026, 11), 3);

        assertThat(files.html()).isEqualTo(dir.resolve("reports/monthly_report_202611.html"));
        String html = Files.readString(files.html());
        assertThat(html).startsWith("<!DOCTYPE html>")
            .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("@import")
            .doesNotContain("url(");
        assertThat(html).contains("<svg id=\"production-accuracy\"", "<svg id=\"correction-rate\"",
            "<svg id=\"rollout-card_identification\"");
        assertThat(html).contains("2026-09", "2026-10", "2026-11");
        // November: candidate corrected 12 of 150 = 8.0%; September base 20 of 100
        assertThat(html).contains("8.0% (12/150)", "20.0% (20/100)");
        assertThat(html).contains("start 20%", "set 50%", "promote 100%");
        assertThat(html).contains("class=\"error-bar\"", "class=\"bar\"", "class=\"series\"");
        Map<String, Object> json = Json.readObject(Files.readString(files.json()));
        assertThat(json).containsEntry("month", "2026-11");
        assertThat((List<?>) json.get("correction_rate_by_month")).hasSize(3);
        assertThat((List<?>) json.get("rollout_history")).hasSize(3);
        assertThat(json.get("production_field_accuracy").toString()).contains(ReportFixtures.TUNED);
        // 150 x (300 in, 60 out) at $0.30/$1.20 per million, plus 5 fallback calls at $0.15/$0.60
        assertThat(html).contains("$0.0243", "$0.0004", "$0.0247");
        assertThat(json.get("costs").toString()).contains("cost_usd=0.0243");
    }

    @Test
    void html_userTextInReasonsAndNames_isEscaped() {
        ReportFixtures f = new ReportFixtures(dir);
        f.registry.rollback(com.slabstak.slabml.TaskName.CARD_IDENTIFICATION, "<img src=x onerror=alert(1)> & more");

        String html = ReportWriter.html(MonthlyReport.assemble(f.evaluator, f.registry, YearMonth.of(2026, 11), 2, f.clock));

        assertThat(html).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt; &amp; more");
    }

    @Test
    void writeAbTestReport_significantResult_showsBothModelsWithIntervalsAndThePValue() throws IOException {
        ReportFixtures f = new ReportFixtures(dir);
        AbTestResult r = f.abTest();

        ReportWriter.ReportFiles files = f.evaluator.writeAbTestReport(r);

        assertThat(r.discordantAOnly()).isEqualTo(2);
        assertThat(r.discordantBOnly()).isEqualTo(15);
        assertThat(files.html().getFileName().toString()).isEqualTo("ab_test_20261130_120000.html");
        String html = Files.readString(files.html());
        assertThat(html).contains("<svg id=\"ab-accuracy\"", "fine-tuned", "62.0% (31/50)", "88.0% (44/50)")
            .contains(String.format(java.util.Locale.ROOT, "%.4g", r.pValue()));
        assertThat(Json.readObject(Files.readString(files.json()))).containsEntry("winner", "fine-tuned");
    }

    @Test
    void html_monthWithoutData_stillRendersChartsSayingSo() {
        ReportFixtures f = new ReportFixtures(dir);

        String html = ReportWriter.html(MonthlyReport.assemble(f.evaluator, f.registry, YearMonth.of(2030, 1), 1, f.clock));

        assertThat(html).contains("no data for this period").contains("<svg id=\"correction-rate\"");
    }

    @Test
    void monthlyReport_withHoldoutEvaluations_drawsThemPerField() {
        ReportFixtures f = new ReportFixtures(dir);
        AbTestResult r = f.abTest();
        MonthlyReport report = MonthlyReport.assemble(f.evaluator, f.registry, YearMonth.of(2026, 11), 3, f.clock)
            .toBuilder().putEvaluation("base (holdout)", r.reportA()).putEvaluation("fine-tuned (holdout)", r.reportB())
            .abTest(r).build();

        String html = ReportWriter.html(report);

        assertThat(html).contains("<svg id=\"holdout-accuracy\"", "base (holdout)", "fine-tuned (holdout)",
            "<svg id=\"ab-accuracy\"");
        assertThat(ReportWriter.json(report).get("evaluations").toString()).contains("fine-tuned (holdout)");
    }

    @Test
    void parseMonth_seedAndIsoForms_parseAndOthersThrowNamingMonth() {
        assertThat(MonthlyReport.parseMonth("202412")).isEqualTo(YearMonth.of(2024, 12));
        assertThat(MonthlyReport.parseMonth(" 2026-03 ")).isEqualTo(YearMonth.of(2026, 3));
        for (String bad : List.of("202413", "2024", "Dec 2024", "2024-1", "")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> MonthlyReport.parseMonth(bad))
                .isInstanceOf(com.slabstak.slabml.InvalidInputException.class).hasMessageContaining("month");
        }
    }
}
