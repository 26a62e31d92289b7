/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static com.slabstak.slabml.core.internal.evaluation.SvgCharts.esc;
import static com.slabstak.slabml.core.internal.evaluation.SvgCharts.percent;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes reports people read: a self-contained HTML page (inline CSS and SVG charts, no scripts,
 * no external fonts or images) and the same data as JSON. Monthly reports show accuracy per field
 * with 95% intervals, the correction rate over months and the rollout history; A/B reports show
 * both models' accuracy per field with intervals and McNemar's test.
 *
 * {@code
 * MonthlyReport report = MonthlyReport.assemble(evaluator, registry, YearMonth.of(2026, 11), 6, clock);
 * ReportWriter.writeHtml(report, Path.of("report.html"));
 * ReportWriter.writeJson(report, Path.of("report.json"));
 * }
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
final class ReportWriter {
    private static final String CSS = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
        + "margin:24px auto;max-width:980px;color:#111827;background:#f9fafb}"
        + "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}p.meta{color:#6b7280;margin:0 0 16px}"
        + "section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px;margin:16px 0}"
        + "table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e5e7eb;padding:6px 8px;"
        + "text-align:left;vertical-align:top}th{background:#f3f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}"
        + ".summary{display:flex;gap:16px;flex-wrap:wrap}.stat{background:#fff;border:1px solid #e5e7eb;border-radius:8px;"
        + "padding:12px 16px;min-width:160px}.stat b{display:block;font-size:22px}.note{color:#374151}"
        + ".good{color:#15803d}.bad{color:#b91c1c}svg.chart{max-width:100%;height:auto}";

    private ReportWriter() {
    }

    /** The files a report was written to. */
    public record ReportFiles(Path html, Path json) {
    }

    /** Writes the monthly report as HTML to {@code target}, whole or not at all. */
    public static Path writeHtml(MonthlyReport report, Path target) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(target, "target");
        return ResultFiles.write(target, html(report));
    }

    /** Writes the monthly report's data as JSON to {@code target}. */
    public static Path writeJson(MonthlyReport report, Path target) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(target, "target");
        return ResultFiles.write(target, Json.writePretty(json(report)));
    }

    /** Writes a monthly report of {@code analysis} and a rollout history as HTML. */
    public static Path writeHtml(MonthlyAnalysis analysis, List<DeploymentEvent> history, Instant generatedAt, Path target) {
        MonthlyReport.Builder b = MonthlyReport.builder().analysis(analysis).generatedAt(generatedAt);
        history.forEach(b::addRolloutEvent);
        return writeHtml(b.build(), target);
    }

    /** Writes an A/B test as HTML to {@code target}. */
    public static Path writeHtml(AbTestResult result, Instant generatedAt, Path target) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(target, "target");
        return ResultFiles.write(target, html(result, generatedAt));
    }

    /** Writes an A/B test's data as JSON to {@code target}. */
    public static Path writeJson(AbTestResult result, Path target) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(target, "target");
        return ResultFiles.write(target, Json.writePretty(EvaluationJson.abTest(result)));
    }

    /** The monthly report's data as plain JSON-ready values. */
    public static Map<String, Object> json(MonthlyReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("month", report.month().toString());
        m.put("generated_at", report.generatedAt().toString());
        m.put("analysis", EvaluationJson.monthly(report.analysis()));
        Map<String, Object> fieldAccuracy = new LinkedHashMap<>();
        for (ModelMonthStats s : report.analysis().perModel()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            report.productionFieldAccuracy(s).forEach((f, p) -> fields.put(f, EvaluationJson.proportion(p)));
            fieldAccuracy.put(s.model(), fields);
        }
        m.put("production_field_accuracy", fieldAccuracy);
        List<Object> trend = new ArrayList<>();
        for (MonthlyAnalysis a : report.trend()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("month", a.month().toString());
            t.put("total_predictions", a.totalPredictions());
            Map<String, Object> rates = new LinkedHashMap<>();
            a.perModel().forEach(s -> rates.put(s.model(), EvaluationJson.proportion(s.correctionRate())));
            t.put("correction_rate", rates);
            trend.add(t);
        }
        m.put("correction_rate_by_month", trend);
        List<Object> history = new ArrayList<>();
        report.rolloutHistory().forEach(e -> history.add(EvaluationJson.event(e)));
        m.put("rollout_history", history);
        Map<String, Object> evaluations = new LinkedHashMap<>();
        report.evaluations().forEach((label, r) -> evaluations.put(label, EvaluationJson.accuracy(r)));
        m.put("evaluations", evaluations);
        List<Object> costs = new ArrayList<>();
        report.costs().values().forEach(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("model", c.model());
            cm.put("prompt_tokens", c.promptTokens());
            cm.put("completion_tokens", c.completionTokens());
            cm.put("cost_usd", EvaluationJson.round(c.usd()));
            costs.add(cm);
        });
        m.put("costs", costs);
        List<Object> roi = new ArrayList<>();
        report.returnsOnInvestment().forEach(r -> roi.add(EvaluationJson.roi(r)));
        m.put("roi", roi);
        m.put("ab_test", report.abTest().map(EvaluationJson::abTest).orElse(null));
        return m;
    }

    /** The monthly report as one self-contained HTML page. */
    public static String html(MonthlyReport report) {
        Objects.requireNonNull(report, "report");
        MonthlyAnalysis a = report.analysis();
        StringBuilder h = head("SlabML report " + report.month());
        h.append("<h1>SlabML monthly report: ").append(esc(report.month().toString())).append("</h1>");
        h.append("<p class=\"meta\">Generated ").append(esc(report.generatedAt().toString()))
            .append(". Intervals are 95% Wilson score intervals.</p>");
        long previousTotal = a.previousMonth().stream().mapToLong(ModelMonthStats::volume).sum();
        h.append("<div class=\"summary\">");
        stat(h, "Predictions", Long.toString(a.totalPredictions()));
        stat(h, "Models", Integer.toString(a.perModel().size()));
        stat(h, "Previous month", Long.toString(previousTotal));
        long corrected = a.perModel().stream().mapToLong(s -> s.correctionRate().successes()).sum();
        stat(h, "Correction rate", a.totalPredictions() == 0 ? "n/a"
            : percent((double) corrected / a.totalPredictions()));
        if (!report.costs().isEmpty()) {
            double usd = report.costs().values().stream().mapToDouble(ModelCost::usd).filter(d -> !Double.isNaN(d)).sum();
            stat(h, "Inference cost", usd(usd));
        }
        h.append("</div>");

        if (!report.evaluations().isEmpty()) {
            h.append("<section><h2>Held-out accuracy per field</h2>");
            List<SvgCharts.Series> series = new ArrayList<>();
            report.evaluations().forEach((label, r) -> series.add(new SvgCharts.Series(label, withExact(r))));
            h.append(SvgCharts.barsWithIntervals("holdout-accuracy", "Accuracy per field (held-out)", series));
            h.append("</section>");
        }
        report.abTest().ifPresent(r -> abSection(h, r));

        h.append("<section><h2>Production accuracy per field</h2>");
        h.append("<p class=\"note\">Share of predictions whose field users did not correct.</p>");
        List<SvgCharts.Series> production = new ArrayList<>();
        for (ModelMonthStats s : a.perModel()) {
            production.add(new SvgCharts.Series(s.model(), report.productionFieldAccuracy(s)));
        }
        h.append(SvgCharts.barsWithIntervals("production-accuracy", "Field accuracy in production, " + report.month(),
            production));
        h.append("</section>");

        h.append("<section><h2>Correction rate over months</h2>");
        List<String> months = new ArrayList<>();
        Map<String, Map<String, Proportion>> byModel = new TreeMap<>();
        for (MonthlyAnalysis t : report.trend()) {
            months.add(t.month().toString());
            for (ModelMonthStats s : t.perModel()) {
                byModel.computeIfAbsent(s.model(), k -> new LinkedHashMap<>()).put(t.month().toString(), s.correctionRate());
            }
        }
        List<SvgCharts.Series> lines = new ArrayList<>();
        byModel.forEach((model, values) -> lines.add(new SvgCharts.Series(model, values)));
        h.append(SvgCharts.linesWithIntervals("correction-rate", "Correction rate by month", months, lines));
        h.append("</section>");

        if (!report.returnsOnInvestment().isEmpty()) {
            h.append("<section><h2>Return on investment</h2>");
            roiTable(h, report.returnsOnInvestment());
            h.append("</section>");
        }

        h.append("<section><h2>Models this month</h2>");
        modelTable(h, a, report.costs());
        if (a.skippedRecords() > 0) {
            h.append("<p class=\"meta\">").append(a.skippedRecords())
                .append(" records could not be read and are not counted.</p>");
        }
        long error = a.perModelAndArm().stream().mapToLong(ModelMonthStats::latencyErrorMillis).max().orElse(0);
        if (error > 0) {
            h.append("<p class=\"meta\">Latency percentiles are nearest-rank from a histogram, within ")
                .append(error).append(" ms of the exact values.</p>");
        }
        h.append("</section>");

        h.append("<section><h2>Rollout history</h2>");
        Map<TaskName, List<DeploymentEvent>> byTask = new TreeMap<>();
        report.rolloutHistory().forEach(e -> byTask.computeIfAbsent(e.deployment().task(), k -> new ArrayList<>()).add(e));
        if (byTask.isEmpty()) {
            h.append(SvgCharts.rollout("rollout", "Candidate rollout percentage", List.of()));
        }
        byTask.forEach((task, events) -> {
            h.append(SvgCharts.rollout("rollout-" + task.value(), "Candidate rollout, " + task.value(), events));
            h.append("<table><tr><th>When</th><th>Action</th><th>Candidate</th><th>Rollout</th><th>Reason</th></tr>");
            for (DeploymentEvent e : events) {
                h.append("<tr><td>").append(esc(e.at().toString())).append("</td><td>").append(esc(e.action()))
                    .append("</td><td>").append(esc(e.deployment().candidateModel().orElse("-")))
                    .append("</td><td class=\"num\">").append(e.previousPercent()).append("% &#8594; ")
                    .append(e.deployment().rolloutPercent()).append("%</td><td>").append(esc(e.reason()))
                    .append("</td></tr>");
            }
            h.append("</table>");
        });
        h.append("</section>");
        return h.append("</body></html>\n").toString();
    }

    /** An A/B test as one self-contained HTML page. */
    public static String html(AbTestResult result, Instant generatedAt) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(generatedAt, "generatedAt");
        StringBuilder h = head("SlabML A/B test " + result.nameA() + " vs " + result.nameB());
        h.append("<h1>A/B test: ").append(esc(result.nameA())).append(" vs ").append(esc(result.nameB())).append("</h1>");
        h.append("<p class=\"meta\">Generated ").append(esc(generatedAt.toString())).append(", ").append(result.items())
            .append(" items. Intervals are 95% Wilson score intervals.</p>");
        abSection(h, result);
        return h.append("</body></html>\n").toString();
    }

    private static void abSection(StringBuilder h, AbTestResult r) {
        h.append("<section><h2>A/B test</h2>");
        h.append("<div class=\"summary\">");
        stat(h, r.nameA() + " exact match", percent(r.reportA().exactMatch().rate()));
        stat(h, r.nameB() + " exact match", percent(r.reportB().exactMatch().rate()));
        stat(h, "p-value (" + r.test() + ")", String.format(Locale.ROOT, "%.4g", r.pValue()));
        stat(h, "Winner", r.winner().orElse("none (not significant)"));
        h.append("</div>");
        h.append("<p class=\"note ").append(r.winner().isPresent() ? "good" : "").append("\">").append(esc(r.note()))
            .append("</p>");
        List<SvgCharts.Series> series = List.of(new SvgCharts.Series(r.nameA(), withExact(r.reportA())),
            new SvgCharts.Series(r.nameB(), withExact(r.reportB())));
        h.append(SvgCharts.barsWithIntervals("ab-accuracy", "Accuracy per field", series));
        h.append("<table><tr><th>Field</th><th>").append(esc(r.nameA())).append("</th><th>").append(esc(r.nameB()))
            .append("</th><th>Change</th></tr>");
        r.fieldDeltas().forEach((f, d) -> {
            Proportion pa = r.reportA().fields().get(f);
            Proportion pb = r.reportB().fields().get(f);
            h.append("<tr><td>").append(esc(f)).append("</td><td class=\"num\">").append(esc(SvgCharts.describe(pa)))
                .append("</td><td class=\"num\">").append(esc(SvgCharts.describe(pb))).append("</td><td class=\"num ")
                .append(d > 0 ? "good" : d < 0 ? "bad" : "").append("\">")
                .append(String.format(Locale.ROOT, "%+.1f pts", d * 100)).append("</td></tr>");
        });
        h.append("</table></section>");
    }

    private static void modelTable(StringBuilder h, MonthlyAnalysis a, Map<String, ModelCost> costs) {
        Map<String, ModelMonthStats> previous = new LinkedHashMap<>();
        a.previousMonth().forEach(s -> previous.put(s.model(), s));
        h.append("<table><tr><th>Model</th><th>Arm</th><th>Volume</th><th>Correction rate (95% CI)</th>"
            + "<th>vs previous month</th><th>Avg rating</th><th>Latency p50 / p95</th><th>Tokens</th><th>Cost</th>"
            + "<th>Most corrected fields</th></tr>");
        List<ModelMonthStats> rows = new ArrayList<>(a.perModel());
        rows.addAll(a.perModelAndArm());
        for (ModelMonthStats s : rows) {
            ModelMonthStats prev = s.arm() == null ? previous.get(s.model()) : null;
            String change = "";
            if (prev != null && prev.volume() > 0) {
                double d = s.correctionRate().rate() - prev.correctionRate().rate();
                change = String.format(Locale.ROOT, "%+.1f pts (was %s)", d * 100, percent(prev.correctionRate().rate()));
            }
            h.append("<tr><td>").append(esc(s.model())).append("</td><td>").append(s.arm() == null ? "all" : s.arm().value())
                .append("</td><td class=\"num\">").append(s.volume()).append("</td><td class=\"num\">")
                .append(esc(SvgCharts.describe(s.correctionRate()))).append("</td><td class=\"num\">").append(esc(change))
                .append("</td><td class=\"num\">")
                .append(s.rating().isPresent() ? String.format(Locale.ROOT, "%.2f (%d)", s.averageRating(), s.ratings()) : "-")
                .append("</td><td class=\"num\">").append(s.latencyP50Millis()).append(" / ").append(s.latencyP95Millis())
                .append(" ms</td><td class=\"num\">").append(s.totalTokens()).append("</td><td class=\"num\">")
                .append(s.arm() == null && costs.containsKey(s.model()) ? esc(usd(costs.get(s.model()).usd())) : "")
                .append("</td><td>")
                .append(esc(fieldCounts(s.mostCorrectedFields()))).append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void roiTable(StringBuilder h, List<ReturnOnInvestment> returns) {
        ReturnOnInvestment.Settings s = returns.get(0).settings();
        h.append("<p class=\"meta\">Corrections avoided = (base arm correction rate - candidate arm correction rate)"
            + " x candidate volume, at ").append(esc(number(s.minutesPerCorrection()))).append(" min per correction and ")
            .append(esc(String.format(Locale.ROOT, "$%.2f", s.hourlySupportCost())))
            .append(" per support hour; net = savings - inference cost change - training cost.</p>");
        h.append("<table><tr><th>Task</th><th>Base / candidate</th><th>Correction rate base / candidate</th>"
            + "<th>Candidate volume</th><th>Corrections avoided</th><th>Support hours saved</th><th>Savings</th>"
            + "<th>Inference cost change</th><th>Training cost</th><th>Net</th></tr>");
        for (ReturnOnInvestment r : returns) {
            h.append("<tr><td>").append(esc(r.task().value())).append("</td><td>").append(esc(r.baseModel()))
                .append(" / ").append(esc(r.candidateModel())).append("</td><td class=\"num\">")
                .append(percent(r.baseCorrectionRate())).append(" / ").append(percent(r.candidateCorrectionRate()))
                .append("</td><td class=\"num\">").append(r.candidateVolume()).append("</td><td class=\"num\">")
                .append(esc(number(r.correctionsAvoided()))).append("</td><td class=\"num\">")
                .append(esc(number(r.supportHoursSaved()))).append("</td><td class=\"num\">")
                .append(esc(dollars(r.supportSavings()))).append("</td><td class=\"num\">")
                .append(esc(dollars(r.inferenceCostChange()))).append("</td><td class=\"num\">")
                .append(esc(dollars(r.trainingCost()))).append("</td><td class=\"num\"><b>")
                .append(esc(dollars(r.netSavings()))).append("</b></td></tr>");
        }
        h.append("</table>");
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String dollars(double usd) {
        return Double.isNaN(usd) ? "unknown price" : String.format(Locale.ROOT, "%s$%,.2f", usd < 0 ? "-" : "", Math.abs(usd));
    }

    private static String usd(double usd) {
        return Double.isNaN(usd) ? "unknown price" : String.format(Locale.ROOT, "$%.4f", usd);
    }

    private static String fieldCounts(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((f, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(f).append(' ').append(n));
        return sb.toString();
    }

    private static Map<String, Proportion> withExact(AccuracyReport r) {
        Map<String, Proportion> m = new LinkedHashMap<>();
        m.put("exact match", r.exactMatch());
        m.putAll(r.fields());
        return m;
    }

    private static StringBuilder head(String title) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>").append(esc(title)).append("</title><style>").append(CSS).append("</style></head><body>");
        return h;
    }

    private static void stat(StringBuilder h, String label, String value) {
        h.append("<div class=\"stat\">").append(esc(label)).append("<b>").append(esc(value)).append("</b></div>");
    }
}
