/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.internal.pricing.InferencePrices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReturnOnInvestmentTest {
    private static final InferencePrices PRICES = InferencePrices.create(SlabMlConfig.of(Map.of(
        InferencePrices.CONFIG_KEY, "base-model=1.00/2.00,tuned-model=2.00/4.00")));
    private static final Deployment ROLLOUT = Deployment.builder().task(TaskName.CARD_IDENTIFICATION)
        .baseModel("base-model").candidateModel("tuned-model").rolloutPercent(50).build();

    @TempDir
    Path dir;

    @Test
    void of_seedExample_savingsLessInferenceChangeAndTraining() {
        // base arm: 10,000 predictions, 2,000 corrected (20%), 10M prompt + 1M completion tokens = $12
        // candidate arm: 5,000 predictions, 400 corrected (8%), 5M + 0.5M tokens at twice the price = $12
        MonthlyAnalysis month = analysis(stats("base-model", Arm.BASE, 10_000, 2_000, 10_000_000, 1_000_000),
            stats("tuned-model", Arm.CANDIDATE, 5_000, 400, 5_000_000, 500_000));

        ReturnOnInvestment roi = ReturnOnInvestment.of(ROLLOUT, month, PRICES,
            new ReturnOnInvestment.Settings(2, 50, 0.45)).orElseThrow();

        // (0.20 - 0.08) x 5,000 = 600 corrections avoided; 600 x 2 min = 20 h; 20 h x $50 = $1,000
        assertThat(roi.correctionsAvoided()).isCloseTo(600, within(1e-9));
        assertThat(roi.supportHoursSaved()).isCloseTo(20, within(1e-9));
        assertThat(roi.supportSavings()).isCloseTo(1_000, within(1e-9));
        // per prediction $0.0024 against $0.0012, over 5,000 predictions: +$6
        assertThat(roi.inferenceCostChange()).isCloseTo(6, within(1e-9));
        // 1,000 - 6 - 0.45
        assertThat(roi.netSavings()).isCloseTo(993.55, within(1e-9));
    }

    @Test
    void of_candidateCorrectedMoreOften_negativeNet() {
        MonthlyAnalysis month = analysis(stats("base-model", Arm.BASE, 1_000, 50, 0, 0),
            stats("tuned-model", Arm.CANDIDATE, 1_000, 150, 0, 0));

        ReturnOnInvestment roi = ReturnOnInvestment.of(ROLLOUT, month, PRICES, ReturnOnInvestment.Settings.DEFAULTS)
            .orElseThrow();

        // (0.05 - 0.15) x 1,000 = -100 corrections; -100 x 2 / 60 x $50 = -$166.67
        assertThat(roi.correctionsAvoided()).isCloseTo(-100, within(1e-9));
        assertThat(roi.netSavings()).isCloseTo(-100 * 2 / 60.0 * 50, within(1e-9));
    }

    @Test
    void of_noBaseArmThisMonth_empty() {
        MonthlyAnalysis month = analysis(stats("tuned-model", Arm.CANDIDATE, 100, 8, 0, 0));

        Optional<ReturnOnInvestment> roi = ReturnOnInvestment.of(ROLLOUT, month, PRICES,
            ReturnOnInvestment.Settings.DEFAULTS);

        assertThat(roi).isEmpty();
    }

    @Test
    void of_unknownPrice_netUnknown() {
        Deployment unpriced = ROLLOUT.toBuilder().baseModel("unpriced-model").build();
        MonthlyAnalysis month = analysis(stats("unpriced-model", Arm.BASE, 100, 20, 1_000, 100),
            stats("tuned-model", Arm.CANDIDATE, 100, 10, 1_000, 100));

        ReturnOnInvestment roi = ReturnOnInvestment.of(unpriced, month, PRICES, ReturnOnInvestment.Settings.DEFAULTS)
            .orElseThrow();

        assertThat(roi.supportSavings()).isCloseTo(10 * 2 / 60.0 * 50, within(1e-9));
        assertThat(roi.inferenceCostChange()).isNaN();
        assertThat(roi.netSavings()).isNaN();
    }

    @Test
    void settingsFrom_negativeMinutes_configurationErrorNamingTheKey() {
        SlabMlConfig config = SlabMlConfig.of(Map.of(ReturnOnInvestment.MINUTES_KEY, "-1"));

        assertThatThrownBy(() -> ReturnOnInvestment.Settings.from(config))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining(ReturnOnInvestment.MINUTES_KEY);
    }

    @Test
    void writeMonthlyReport_monthInRollout_showsTheReturnInHtmlAndJson() throws IOException {
        ReportFixtures f = new ReportFixtures(dir);

        ReportWriter.ReportFiles files = f.evaluator.writeMonthlyReport(YearMonth.of(2026, 10), 2);

        // October: base arm 15 of 80 corrected (18.75%), candidate 2 of 20 (10%):
        // (0.1875 - 0.10) x 20 = 1.75 avoided; 1.75 x 2 min / 60 x $50 = $2.9167
        // 300 in + 60 out tokens per call: base $0.000081, fine-tuned $0.000162; + $0.000081 x 20 = $0.00162
        Map<String, Object> json = Json.readObject(Files.readString(files.json()));
        List<?> roi = (List<?>) json.get("roi");
        assertThat(roi).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) roi.get(0);
        assertThat(((Number) r.get("corrections_avoided")).doubleValue()).isCloseTo(1.75, within(1e-6));
        assertThat(((Number) r.get("support_savings_usd")).doubleValue()).isCloseTo(2.916667, within(1e-6));
        assertThat(((Number) r.get("inference_cost_change_usd")).doubleValue()).isCloseTo(0.00162, within(1e-6));
        assertThat(((Number) r.get("net_savings_usd")).doubleValue()).isCloseTo(2.915047, within(1e-6));
        assertThat(Files.readString(files.html())).contains("Return on investment", "18.8% / 10.0%", "$2.92");
    }

    private static ModelMonthStats stats(String model, Arm arm, long volume, long corrected, long prompt, long completion) {
        return new ModelMonthStats(model, arm, volume, Statistics.wilson(corrected, volume), 0, Double.NaN, Map.of(), 0, 0,
            prompt + completion, 0, 0, 0, prompt, completion);
    }

    private static MonthlyAnalysis analysis(ModelMonthStats... perArm) {
        return new MonthlyAnalysis(YearMonth.of(2026, 11), 0, List.of(), List.of(perArm), List.of(), 0);
    }
}
