/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.ReportFiles;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.SlabMl;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The evaluation verbs: evaluate, ab-test, analyze, models. They need no OpenAI key. */
final class EvalVerbs {
    private static final DateTimeFormatter YYYYMM = DateTimeFormatter.ofPattern("uuuuMM");

    private EvalVerbs() {
    }

    static Map<String, Object> accuracyJson(AccuracyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", r.items());
        m.put("exact_match", Views.proportion(r.exactMatch()));
        Map<String, Object> fields = new LinkedHashMap<>();
        r.fields().forEach((f, p) -> fields.put(f, Views.proportion(p)));
        m.put("fields", fields);
        return m;
    }

    static void printAccuracy(java.io.PrintWriter out, String title, AccuracyReport r) {
        out.printf("%s (%d items; 95%% Wilson intervals)%n", title, r.items());
        out.printf("  %-18s %s%n", "exact match", Views.percent(r.exactMatch()));
        r.fields().forEach((f, p) -> out.printf("  %-18s %s%n", f, Views.percent(p)));
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Accuracy of predictions against ground truth, field by field and exact match.",
            "Both files are JSONL, one JSON object of fields per line, in the same order."})
    static final class Evaluate extends DataVerbs.LocalVerb {
        @Parameters(index = "0", paramLabel = "<predictions.jsonl>")
        Path predictions;

        @Parameters(index = "1", paramLabel = "<truth.jsonl>")
        Path truth;

        @Option(names = "--task", defaultValue = "card_identification", description = "Task of the predictions (default card_identification).")
        String task;

        @Override
        int run(Session s) {
            List<Map<String, Object>> p = DataVerbs.readJsonLines(predictions);
            List<Map<String, Object>> t = DataVerbs.readJsonLines(truth);
            AccuracyReport r = s.slabMl().evaluator().evaluate(s.slabMl().task(TaskName.of(task)).name(), p, t);
            if (json()) {
                printJson(accuracyJson(r));
            } else {
                printAccuracy(out(), "Accuracy of " + predictions.getFileName(), r);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "ab-test", mixinStandardHelpOptions = true,
        description = {"Compare two models' predictions on the same items (McNemar's paired test).",
            "Writes the result as JSON under evaluation_results/ and, with --html, a self-contained report."})
    static final class AbTest extends DataVerbs.LocalVerb {
        @Parameters(index = "0", paramLabel = "<predictions-a.jsonl>")
        Path a;

        @Parameters(index = "1", paramLabel = "<predictions-b.jsonl>")
        Path b;

        @Parameters(index = "2", paramLabel = "<truth.jsonl>")
        Path truth;

        @Option(names = "--name-a", defaultValue = "A", description = "Name of model A (default A).")
        String nameA;

        @Option(names = "--name-b", defaultValue = "B", description = "Name of model B (default B).")
        String nameB;

        @Option(names = "--task", defaultValue = "card_identification")
        String task;

        @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML report here, and its JSON beside it (x.html -> x.json).")
        Path html;

        @Override
        int run(Session s) {
            SlabMl ml = s.slabMl();
            AbTestResult r = ml.evaluator().abTest(ml.task(TaskName.of(task)).name(),
                DataVerbs.readJsonLines(a), DataVerbs.readJsonLines(b),
                DataVerbs.readJsonLines(truth), nameA, nameB);
            Path htmlFile = null;
            Path jsonFile = null;
            if (html != null) {
                writableFile(html, "--html");
                ReportFiles files = ml.reports().writeAbTestReport(r, html);
                htmlFile = files.html();
                jsonFile = files.json();
            }
            if (json()) {
                Map<String, Object> m = abJson(r);
                m.put("html", htmlFile == null ? null : htmlFile.toString());
                m.put("json", jsonFile == null ? null : jsonFile.toString());
                printJson(m);
                return ExitCodes.OK;
            }
            printAccuracy(out(), nameA, r.reportA());
            printAccuracy(out(), nameB, r.reportB());
            out().printf(Locale.ROOT, "%s: %d items, %d right only for %s, %d right only for %s, p = %.4g (alpha %.2f)%n",
                r.test(), r.items(), r.discordantAOnly(), nameA, r.discordantBOnly(), nameB, r.pValue(), r.alpha());
            out().println(r.winner().map(w -> "Winner: " + w + " (significant)").orElse("No significant winner."));
            if (r.note() != null && !r.note().isBlank()) {
                out().println(r.note());
            }
            if (htmlFile != null) {
                out().printf("Report: %s (JSON: %s)%n", htmlFile, jsonFile);
            }
            return ExitCodes.OK;
        }

        static Map<String, Object> abJson(AbTestResult r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name_a", r.nameA());
            m.put("name_b", r.nameB());
            m.put("items", r.items());
            m.put("a", accuracyJson(r.reportA()));
            m.put("b", accuracyJson(r.reportB()));
            m.put("right_only_a", r.discordantAOnly());
            m.put("right_only_b", r.discordantBOnly());
            m.put("test", r.test());
            m.put("statistic", Views.finite(r.statistic()));
            m.put("p_value", Views.finite(r.pValue()));
            m.put("alpha", r.alpha());
            m.put("significant", r.significant());
            m.put("winner", r.winner().orElse(null));
            m.put("field_deltas", r.fieldDeltas());
            m.put("note", r.note());
            return m;
        }
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Monthly production analysis per model and arm: volume, correction rate, rating, latency, tokens.",
            "With --html, writes a self-contained HTML report (inline SVG charts) and the same data as JSON beside it."})
    static final class Analyze extends DataVerbs.LocalVerb {
        @Override
        boolean readsDataOnly() {
            return true;
        }

        @Option(names = "--month", paramLabel = "YYYYMM", description = "Month to analyse (default: this month).")
        String month;

        @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report here, and its JSON beside it (x.html -> x.json).")
        Path html;

        @Option(names = "--trend", defaultValue = "6", description = "Months of correction-rate trend in the report (default 6).")
        int trend;

        @Override
        int run(Session s) {
            if (html != null) {
                writableFile(html, "--html");
            }
            YearMonth ym = month == null ? YearMonth.from(s.environment().clock().instant().atZone(ZoneOffset.UTC))
                : parseMonth(month);
            SlabMl ml = s.slabMl();
            MonthlyAnalysis a = ml.evaluator().analyzeMonth(ym);
            Path htmlFile = null;
            Path jsonFile = null;
            if (html != null) {
                ReportFiles files = ml.reports().writeMonthlyReport(ym, trend, html);
                htmlFile = files.html();
                jsonFile = files.json();
            }
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("month", ym.format(YYYYMM));
                m.put("total_predictions", a.totalPredictions());
                m.put("per_model", a.perModel().stream().map(EvalVerbs::statsJson).toList());
                m.put("per_model_and_arm", a.perModelAndArm().stream().map(EvalVerbs::statsJson).toList());
                m.put("previous_month", a.previousMonth().stream().map(EvalVerbs::statsJson).toList());
                m.put("skipped_records", a.skippedRecords());
                m.put("html", htmlFile == null ? null : htmlFile.toString());
                m.put("json", jsonFile == null ? null : jsonFile.toString());
                printJson(m);
                return ExitCodes.OK;
            }
            printAnalysis(out(), a);
            if (htmlFile != null) {
                out().printf("Report: %s (JSON: %s)%n", htmlFile, jsonFile);
            }
            return ExitCodes.OK;
        }
    }

    static void printAnalysis(java.io.PrintWriter out, MonthlyAnalysis a) {
        out.printf("Production %s: %d predictions%n", a.month(), a.totalPredictions());
        if (a.perModelAndArm().isEmpty()) {
            return;
        }
        out.printf("  %-50s %-9s %6s  %-24s %-6s %-9s %s%n", "MODEL", "ARM", "VOLUME", "CORRECTED (95% CI)",
            "RATING", "P50/P95", "MOST CORRECTED");
        for (ModelMonthStats m : a.perModelAndArm()) {
            out.printf(Locale.ROOT, "  %-50s %-9s %6d  %-24s %-6s %-9s %s%n", m.model(),
                m.arm() == null ? "-" : m.arm().value(), m.volume(), Views.percent(m.correctionRate()).trim(),
                m.rating().isPresent() ? String.format(Locale.ROOT, "%.2f", m.rating().getAsDouble()) : "-",
                m.latencyP50Millis() + "/" + m.latencyP95Millis() + "ms", m.mostCorrectedFields());
        }
        if (a.skippedRecords() > 0) {
            out.printf("  %d records could not be read and are not counted%n", a.skippedRecords());
        }
    }

    static Map<String, Object> statsJson(ModelMonthStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.model());
        m.put("arm", s.arm() == null ? null : s.arm().value());
        m.put("volume", s.volume());
        Proportion c = s.correctionRate();
        m.put("correction_rate", Views.proportion(c));
        m.put("ratings", s.ratings());
        m.put("average_rating", s.rating().isPresent() ? s.rating().getAsDouble() : null);
        m.put("most_corrected_fields", s.mostCorrectedFields());
        m.put("latency_p50_ms", s.latencyP50Millis());
        m.put("latency_p95_ms", s.latencyP95Millis());
        m.put("latency_p90_ms", s.latencyP90Millis());
        m.put("latency_p99_ms", s.latencyP99Millis());
        m.put("latency_error_ms", s.latencyErrorMillis());
        m.put("total_tokens", s.totalTokens());
        return m;
    }

    static YearMonth parseMonth(String text) {
        try {
            return YearMonth.parse(text.trim(), YYYYMM);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", "expected YYYYMM such as 202412, was '" + text + "'");
        }
    }

    @Command(name = "models", mixinStandardHelpOptions = true,
        description = "Which model serves each task, at what rollout percentage, the registered versions and the history.")
    static final class Models extends DataVerbs.LocalVerb {
        @Override
        boolean readsDataOnly() {
            return true;
        }

        @Override
        int run(Session s) {
            SlabMl ml = s.slabMl();
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (TaskName t : ml.tasks().keySet()) {
                Deployment d = ml.registry().deployment(t);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("task", t.value());
                m.put("base_model", d.baseModel());
                m.put("candidate_model", d.candidateModel().orElse(null));
                m.put("rollout_percent", d.rolloutPercent());
                m.put("serving", ml.models().activeModel(t));
                List<Map<String, Object>> versions = new ArrayList<>();
                for (ModelVersion v : ml.registry().versions(t)) {
                    Map<String, Object> vm = new LinkedHashMap<>();
                    vm.put("model", v.modelId());
                    vm.put("base_model", v.baseModel());
                    vm.put("job", v.jobId().orElse(null));
                    vm.put("training_file", v.trainingFile().orElse(null));
                    vm.put("created_at", v.createdAt().toString());
                    vm.put("metrics", v.metrics());
                    versions.add(vm);
                }
                m.put("versions", versions);
                List<Map<String, Object>> history = new ArrayList<>();
                for (DeploymentEvent e : ml.registry().history(t)) {
                    Map<String, Object> em = new LinkedHashMap<>();
                    em.put("at", e.at().toString());
                    em.put("action", e.action());
                    em.put("candidate_model", e.deployment().candidateModel().orElse(null));
                    em.put("previous_percent", e.previousPercent());
                    em.put("percent", e.deployment().rolloutPercent());
                    em.put("reason", e.reason());
                    history.add(em);
                }
                m.put("history", history);
                tasks.add(m);
            }
            if (json()) {
                printJson(tasks);
                return ExitCodes.OK;
            }
            for (Map<String, Object> m : tasks) {
                out().printf("%s: base %s, candidate %s at %s%% -> serving %s%n", m.get("task"), m.get("base_model"),
                    Views.orDash(m.get("candidate_model")), m.get("rollout_percent"), m.get("serving"));
                for (Object v : (List<?>) m.get("versions")) {
                    Map<?, ?> vm = (Map<?, ?>) v;
                    out().printf("  version %s (job %s, %s)%n", vm.get("model"), Views.orDash(vm.get("job")), vm.get("created_at"));
                }
                for (Object h : (List<?>) m.get("history")) {
                    Map<?, ?> hm = (Map<?, ?>) h;
                    out().printf("  %s  %-10s %3s%% -> %3s%%  %s%n", hm.get("at"), hm.get("action"),
                        hm.get("previous_percent"), hm.get("percent"), hm.get("reason"));
                }
            }
            return ExitCodes.OK;
        }
    }
}
