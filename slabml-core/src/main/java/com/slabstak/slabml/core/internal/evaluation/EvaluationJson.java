/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.Proportion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JSON-ready maps of the evaluation values, with snake_case keys. */
final class EvaluationJson {
    private EvaluationJson() {
    }

    static Map<String, Object> proportion(Proportion p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("successes", p.successes());
        m.put("total", p.total());
        m.put("rate", round(p.rate()));
        m.put("ci95_lower", round(p.lower()));
        m.put("ci95_upper", round(p.upper()));
        return m;
    }

    static Map<String, Object> accuracy(AccuracyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", r.items());
        m.put("exact_match", proportion(r.exactMatch()));
        Map<String, Object> fields = new LinkedHashMap<>();
        r.fields().forEach((f, p) -> fields.put(f, proportion(p)));
        m.put("field_accuracy", fields);
        m.put("mismatch_examples", r.mismatches());
        return m;
    }

    static Map<String, Object> abTest(AbTestResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_a", r.nameA());
        m.put("model_b", r.nameB());
        m.put("items", r.items());
        m.put("model_a_results", accuracy(r.reportA()));
        m.put("model_b_results", accuracy(r.reportB()));
        m.put("exact_match_delta", round(r.exactMatchDelta()));
        m.put("a_right_b_wrong", r.discordantAOnly());
        m.put("b_right_a_wrong", r.discordantBOnly());
        m.put("test", r.test());
        m.put("statistic", round(r.statistic()));
        m.put("p_value", r.pValue());
        m.put("alpha", r.alpha());
        m.put("significant", r.significant());
        Map<String, Object> deltas = new LinkedHashMap<>();
        r.fieldDeltas().forEach((f, d) -> deltas.put(f, round(d)));
        m.put("field_deltas", deltas);
        m.put("winner", r.winnerName());
        m.put("note", r.note());
        return m;
    }

    static Map<String, Object> monthStats(ModelMonthStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.model());
        m.put("arm", s.arm() == null ? null : s.arm().value());
        m.put("volume", s.volume());
        m.put("correction_rate", proportion(s.correctionRate()));
        m.put("ratings", s.ratings());
        m.put("average_rating", Double.isNaN(s.averageRating()) ? null : round(s.averageRating()));
        m.put("most_corrected_fields", s.mostCorrectedFields());
        m.put("latency_p50_ms", s.latencyP50Millis());
        m.put("latency_p95_ms", s.latencyP95Millis());
        m.put("latency_p90_ms", s.latencyP90Millis());
        m.put("latency_p99_ms", s.latencyP99Millis());
        m.put("latency_error_ms", s.latencyErrorMillis());
        m.put("total_tokens", s.totalTokens());
        m.put("prompt_tokens", s.promptTokens());
        m.put("completion_tokens", s.completionTokens());
        return m;
    }

    static Map<String, Object> roi(ReturnOnInvestment r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", r.task().value());
        m.put("base_model", r.baseModel());
        m.put("candidate_model", r.candidateModel());
        m.put("base_volume", r.baseVolume());
        m.put("candidate_volume", r.candidateVolume());
        m.put("base_correction_rate", round(r.baseCorrectionRate()));
        m.put("candidate_correction_rate", round(r.candidateCorrectionRate()));
        m.put("corrections_avoided", round(r.correctionsAvoided()));
        m.put("support_hours_saved", round(r.supportHoursSaved()));
        m.put("support_savings_usd", round(r.supportSavings()));
        m.put("inference_cost_change_usd", round(r.inferenceCostChange()));
        m.put("training_cost_usd", round(r.trainingCost()));
        m.put("net_savings_usd", round(r.netSavings()));
        m.put("minutes_per_correction", r.settings().minutesPerCorrection());
        m.put("hourly_support_cost_usd", r.settings().hourlySupportCost());
        return m;
    }

    static Map<String, Object> monthly(MonthlyAnalysis a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("month", a.month().toString());
        m.put("total_predictions", a.totalPredictions());
        m.put("per_model", list(a.perModel()));
        m.put("per_model_and_arm", list(a.perModelAndArm()));
        m.put("previous_month", list(a.previousMonth()));
        m.put("skipped_records", a.skippedRecords());
        return m;
    }

    static Map<String, Object> event(DeploymentEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        Deployment d = e.deployment();
        m.put("at", e.at().toString());
        m.put("task", d.task().value());
        m.put("action", e.action());
        m.put("base_model", d.baseModel());
        m.put("candidate_model", d.candidateModel().orElse(null));
        m.put("previous_percent", e.previousPercent());
        m.put("rollout_percent", d.rolloutPercent());
        m.put("reason", e.reason());
        m.put("details", e.details());
        return m;
    }

    private static List<Object> list(List<ModelMonthStats> stats) {
        List<Object> out = new ArrayList<>();
        for (ModelMonthStats s : stats) {
            out.add(monthStats(s));
        }
        return out;
    }

    /** Rounds to 6 decimals for files people read; NaN and infinities become {@code null}. */
    static Double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return Math.round(v * 1e6) / 1e6;
    }
}
