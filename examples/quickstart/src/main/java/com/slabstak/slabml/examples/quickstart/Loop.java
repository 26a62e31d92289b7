/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.quickstart;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.DatasetStats;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.Diversity;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.ImprovementLoop;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobMetrics;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.LoopDecision;
import com.slabstak.slabml.LoopStatus;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.ModelRunStats;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.Readiness;
import com.slabstak.slabml.ReportFiles;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.UserCorrection;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The quickstart's steps, in the order of the seed's workflow, each printed as it happens. The
 * improvement loop ({@link SlabMl#loop()}) makes every transition: it freezes the held-out set,
 * exports, uploads, trains, evaluates, applies the promotion gate and rolls the candidate out
 * stage by stage; the quickstart plays the users (collecting, serving and correcting), approves
 * the one step configured as manual (the gate) and shows what each step did.
 */
final class Loop {
    static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    /** Validated scans collected. */
    static final int VALIDATED = 390;
    /** User corrections of the base model's mistakes collected. */
    static final int CORRECTIONS = 60;
    /** Samples the loop freezes as its held-out evaluation set (never exported for training). */
    static final int HELD_OUT = 150;
    /** Candidate predictions a rollout stage needs before the loop advances it. */
    static final int STAGE_VOLUME = 50;
    static final String NAME_BASE = "base";
    static final String NAME_TUNED = "fine-tuned";

    private final SlabMl ml;
    private final ImprovementLoop loop;
    private final Clock clock;
    private final PrintStream out;
    private final boolean openai;
    private final CardSampleGenerator generator = CardSampleGenerator.create(7);
    private final Traffic traffic;
    private final Set<String> shown = new HashSet<>();
    private int step;
    private Duration openAiPoll = Quickstart.OPENAI_POLL_INTERVAL;
    private Duration openAiMaxPoll = Quickstart.OPENAI_MAX_POLL_INTERVAL;

    Loop(SlabMl ml, Clock clock, PrintStream out, boolean openai) {
        this.ml = ml;
        this.loop = ml.loop();
        this.clock = clock;
        this.out = out;
        this.openai = openai;
        this.traffic = new Traffic(ml, generator, clock, out);
    }

    /** Sets how often a job on OpenAI is polled, at first and at most. */
    void pollOpenAi(Duration first, Duration max) {
        this.openAiPoll = first;
        this.openAiMaxPoll = max;
    }

    Summary run() {
        String baseModel = ml.registry().deployment(CARD).baseModel();
        collect();
        stats();
        LoopStatus s = train();
        Path trainingFile = export(s, baseModel);
        FineTuningJob job = ml.fineTuning().status(s.jobId());
        estimate(trainingFile, baseModel, job.hyperparameters().epochs().orElse(0));
        FineTuningJob done = await(s.jobId());
        String tuned = done.fineTunedModel().orElseThrow(() -> new SlabMlException("job " + done.id() + " has no model"));
        s = evaluateByLoop();
        AbTestResult ab = evaluate(baseModel, tuned);
        ReportFiles abReport = ml.reports().writeAbTestReport(ab,
            ml.dataDirectory().resolve("evaluation_results/reports/ab_test_quickstart.html"));
        out.println("  A/B report: " + display(abReport.html()));
        if (gate(s)) {
            rollout();
        }
        ReportFiles report = monthly();
        return summarize(baseModel, tuned, ab, report, abReport.html());
    }

    private void heading(String title) {
        step++;
        out.println();
        out.printf("== %d. %s%n", step, title);
    }

    /** Runs the loop once and prints the decisions it took. */
    private LoopStatus runLoop() {
        LoopStatus s = loop.runOnce(CARD);
        for (LoopDecision d : s.decisions()) {
            if (shown.add(d.at() + " " + d.outcome() + " " + d.reason())) {
                out.printf("  loop %s: %s%n", d.outcome(), d.reason());
            }
        }
        // the guardrail's numbers are in the decisions; the state line says what the loop waits for
        int cut = s.waitingFor().indexOf("; guardrail: ");
        out.printf("  loop at %s: %s%n", s.step(), cut < 0 ? s.waitingFor() : s.waitingFor().substring(0, cut));
        return s;
    }

    private void collect() {
        heading("Collect training data (validated scans, user corrections)");
        List<CardSampleGenerator.CardSample> cards = generator.cards(VALIDATED);
        for (int i = 0; i < cards.size(); i++) {
            CardSampleGenerator.CardSample c = cards.get(i);
            // Most scans are confirmed outright; some by users the app trusts less.
            ml.collector().collectCardIdentification(c.ocrText(), c.card(), i % 10 == 0 ? 0.7 : 1.0);
        }
        for (int i = 0; i < 6; i++) {
            // The same slab scanned again: exact duplicates, kept out of the export.
            CardSampleGenerator.CardSample c = cards.get(i * 11);
            ml.collector().collectCardIdentification(c.ocrText(), c.card());
        }
        for (int i = 0; i < 3; i++) {
            // A scan confirmed with a wrong grade, then corrected by another user: a conflict.
            CardSampleGenerator.CardSample c = cards.get(100 + i * 7);
            CardData wrong = c.card().toBuilder().grade("1").build();
            ml.collector().collectUserCorrection(UserCorrection.builder().ocrText(c.ocrText()).original(c.card())
                .corrected(wrong).userId("user-careless").confidence(0.6).build());
            ml.collector().collectUserCorrection(UserCorrection.builder().ocrText(c.ocrText()).original(wrong)
                .corrected(c.card()).userId("user-expert").build());
        }
        List<CardSampleGenerator.CorrectionSample> corrections = generator.corrections(CORRECTIONS);
        for (CardSampleGenerator.CorrectionSample c : corrections) {
            ml.collector().collectUserCorrection(UserCorrection.builder().ocrText(c.ocrText()).original(c.original())
                .corrected(c.corrected()).correctedFields(c.changedFields()).userId(c.userId()).build());
        }
        out.printf("  collected %d validated scans, 6 rescans, 3 conflicting corrections and %d user corrections%n",
            VALIDATED, CORRECTIONS);
        CardSampleGenerator.CardSample example = cards.get(0);
        out.printf("  e.g. OCR %s%n       -> %s%n", quote(example.ocrText()), example.card().toMap());
        CardSampleGenerator.CorrectionSample corr = corrections.get(0);
        out.printf("  e.g. correction by %s of %s%n", corr.userId(), corr.changedFields());
    }

    private void stats() {
        heading("Dataset statistics");
        DatasetStats s = ml.collector().stats(CARD);
        out.printf(Locale.ROOT, "  samples %d, average confidence %.2f, by source %s%n", s.totalSamples(),
            s.averageConfidence(), bySource(s));
        for (Readiness r : s.readiness()) {
            if (r.have() > 0) {
                out.printf("  readiness %s/%s: %d of %d needed -> %s%n", r.task().value(), r.group(), r.have(), r.need(),
                    r.ready() ? "ready" : "not ready");
            }
        }
        out.printf("  duplicates %d, conflicts %d%n", s.duplicates(), s.conflicts());
        Diversity d = s.diversity();
        out.printf("  diversity: years %s, %d brands, graders %s%s%n", d.yearRange().orElse("-"),
            d.counts(Diversity.BRAND).size(), d.counts(Diversity.GRADING_COMPANY).keySet(),
            d.counts(Diversity.SPORT).isEmpty() ? "" : ", sports " + d.counts(Diversity.SPORT).keySet());
        d.warnings().forEach(w -> out.println("  warning: " + w));
        if (!s.isReady(CARD)) {
            throw new SlabMlException("the card dataset is not ready for fine-tuning");
        }
    }

    private static Map<String, Long> bySource(DatasetStats s) {
        Map<String, Long> m = new TreeMap<>();
        s.samplesPerSource().forEach((k, v) -> m.put(k.value(), v));
        return m;
    }

    /** The loop sees a ready dataset: it freezes the held-out set, exports, uploads and starts the job. */
    private LoopStatus train() {
        heading("The loop trains: held-out set, export, upload, fine-tuning job");
        LoopStatus s = runLoop();
        if (s.step() != LoopStep.WAIT || s.jobId() == null) {
            throw new SlabMlException("the loop did not start a fine-tuning job: " + s.waitingFor());
        }
        out.printf("  held-out set: %d cards frozen (version %d), never exported for training%n",
            loop.heldOutSet(CARD).size(), s.heldOutVersion());
        FineTuningJob job = ml.fineTuning().status(s.jobId());
        out.printf("  job %s on %s: %s (%s epochs), training file %s%s%n", job.id(), job.model(), job.status().value(),
            job.hyperparameters().epochs().isPresent() ? job.hyperparameters().epochs().getAsInt() : "auto",
            job.trainingFileId(),
            job.validationFileId().map(v -> ", validation file " + v).orElse(""));
        return s;
    }

    /**
     * Shows the export the loop trains on: the newest training file in the exporter's directory
     * ({@code training_data/exports}), checked as the provider will check it.
     */
    private Path export(LoopStatus s, String model) {
        heading("The export (deduplicated, held-out cards left out, split 90/10), validated");
        Path dir = ml.dataDirectory().resolve("training_data").resolve("exports");
        Path train = newest(dir, CARD.value() + "_export_", "_train.jsonl");
        Path validation = dir.resolve(train.getFileName().toString().replace("_train.jsonl", "_validation.jsonl"));
        out.printf("  training file   %s (%d examples)%n", ml.dataDirectory().relativize(train), lines(train));
        if (Files.exists(validation)) {
            out.printf("  validation file %s (%d examples)%n", ml.dataDirectory().relativize(validation), lines(validation));
        }
        ValidationReport r = ml.exporter().validate(train, model);
        out.printf("  %d examples, %d errors, %d warnings -> %s%n", r.examples(), r.errors().size(),
            r.warnings().size(), r.isValid() ? "valid" : "INVALID");
        r.findings().stream().limit(3).forEach(f -> out.printf("  line %d: %s: %s%n", f.line(), f.category(), f.message()));
        return train;
    }

    private static Path newest(Path dir, String prefix, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(suffix))
                .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                .orElseThrow(() -> new SlabMlException("no " + prefix + "*" + suffix + " in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> l = Files.lines(file)) {
            return l.filter(x -> !x.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Estimates the cost of the job's training file, for the job's epochs (0: as the provider chooses). */
    private void estimate(Path trainingFile, String model, int epochs) {
        heading("Estimate the training cost");
        CostEstimate c = epochs > 0 ? ml.fineTuning().estimateCost(trainingFile, model, epochs)
            : ml.fineTuning().estimateCost(trainingFile, model);
        out.printf("  %d examples, tokens per example min %d / median %d / p90 %d / max %d%n", c.examples(),
            c.distribution().min(), c.distribution().median(), c.distribution().p90(), c.distribution().max());
        out.printf("  %d epochs x %d tokens = %d billed tokens on %s -> $%s (prices of %s)%n", c.epochs(),
            c.billedTokensPerEpoch(), c.billedTokens(), c.model(),
            c.cost().setScale(2, RoundingMode.HALF_UP).toPlainString(), c.priceDate());
    }

    private FineTuningJob await(String jobId) {
        heading("Wait for the job (events and metrics)");
        JobListener listener = new JobListener() {
            @Override
            public void onStatus(FineTuningJob j) {
                out.printf("  [%s] status %s%n", minutes(Duration.between(j.createdAt(), clock.instant())),
                    j.status().value());
            }

            @Override
            public void onEvent(FineTuningJob j, JobEvent e) {
                String at = minutes(Duration.between(j.createdAt(), e.createdAt()));
                if (e.metrics().isPresent()) {
                    JobMetrics m = e.metrics().get();
                    long every = Math.max(1, m.totalSteps() / 5);
                    if (m.step() % every == 0 || m.step() == m.totalSteps()) {
                        out.printf(Locale.ROOT, "  [%s] step %d/%d  train loss %.4f  valid loss %s%n", at,
                            m.step(), m.totalSteps(), m.trainLoss(),
                            Double.isNaN(m.validLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", m.validLoss()));
                    }
                } else {
                    out.printf("  [%s] %s%n", at, e.message());
                }
            }
        };
        WaitOptions options = WaitOptions.builder().listener(listener)
            .pollInterval(openai ? openAiPoll : Duration.ofSeconds(20))
            .maxPollInterval(openai ? openAiMaxPoll : Duration.ofSeconds(20))
            .timeout(Duration.ofHours(3)).build();
        FineTuningJob done = ml.fineTuning().waitForCompletion(jobId, options);
        if (!done.status().equals(JobStatus.SUCCEEDED)) {
            throw new SlabMlException("job " + done.id() + " ended " + done.status().value()
                + done.error().map(e -> ": " + e.code() + ": " + e.message()).orElse(""));
        }
        out.printf("  fine-tuned model %s (%s trained tokens)%n", done.fineTunedModel().orElse("?"),
            done.trainedTokens().isPresent() ? done.trainedTokens().getAsLong() : "?");
        return done;
    }

    private static String minutes(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return String.format(Locale.ROOT, "%2dm%02ds", s / 60, s % 60);
    }

    /** The job is done: the loop registers the model, evaluates it and stops at the gate (manual here). */
    private LoopStatus evaluateByLoop() {
        heading("The loop registers the model, evaluates it against the model serving now, and gates it");
        LoopStatus s = runLoop();
        ml.registry().versions(CARD).stream().filter(v -> v.modelId().equals(s.candidateModel())).findFirst()
            .ifPresent(v -> out.printf("  registered %s for %s (job %s), metrics %s%n", v.modelId(), CARD.value(),
                v.jobId().orElse("-"), rounded(v.metrics())));
        return s;
    }

    private static Map<String, String> rounded(Map<String, Double> metrics) {
        Map<String, String> m = new TreeMap<>();
        metrics.forEach((k, v) -> m.put(k, v == Math.rint(v) ? String.valueOf(v.longValue())
            : String.format(Locale.ROOT, "%.4f", v)));
        return m;
    }

    /** The loop's comparison, field by field: both models on the loop's frozen held-out set. */
    private AbTestResult evaluate(String baseModel, String tuned) {
        List<Map<String, Object>> heldOut = loop.heldOutSet(CARD);
        heading("Accuracy of base and fine-tuned on the " + heldOut.size() + " held-out cards");
        List<Map<String, Object>> basePredictions = new ArrayList<>();
        List<Map<String, Object>> tunedPredictions = new ArrayList<>();
        List<Map<String, Object>> truth = new ArrayList<>();
        for (Map<String, Object> item : heldOut) {
            @SuppressWarnings("unchecked")
            Map<String, Object> input = (Map<String, Object>) item.get("input");
            @SuppressWarnings("unchecked")
            Map<String, Object> output = (Map<String, Object>) item.get("output");
            List<ModelRunStats> runs = ml.models().compareModels(CARD, input, List.of(baseModel, tuned), 1).models();
            basePredictions.add(runs.get(0).outputs().isEmpty() ? Map.of() : runs.get(0).outputs().get(0));
            tunedPredictions.add(runs.get(1).outputs().isEmpty() ? Map.of() : runs.get(1).outputs().get(0));
            truth.add(output);
        }
        AccuracyReport base = ml.evaluator().evaluate(CARD, basePredictions, truth);
        AccuracyReport ft = ml.evaluator().evaluate(CARD, tunedPredictions, truth);
        out.printf("  %-16s %-26s %s%n", "accuracy (95% CI)", NAME_BASE, NAME_TUNED);
        out.printf("  %-16s %-26s %s%n", "exact match", pct(base.exactMatch()), pct(ft.exactMatch()));
        for (String field : base.fields().keySet()) {
            Proportion b = base.fields().get(field);
            Proportion t = ft.fields().get(field);
            out.printf("  %-16s %-26s %s%n", field, pct(b), t == null ? "-" : pct(t));
        }
        heading("A/B test (paired, McNemar)");
        AbTestResult ab = ml.evaluator().abTest(CARD, basePredictions, tunedPredictions, truth, NAME_BASE, NAME_TUNED);
        out.printf(Locale.ROOT, "  %d items: %d right only for %s, %d right only for %s%n", ab.items(),
            ab.discordantAOnly(), NAME_BASE, ab.discordantBOnly(), NAME_TUNED);
        out.printf(Locale.ROOT, "  %s test p = %.3g (alpha %.2f) -> %s%n", ab.test(), ab.pValue(), ab.alpha(),
            ab.winner().map(w -> "winner: " + w).orElse("no significant winner"));
        return ab;
    }

    /** Shows the loop's gate decision; a promoted candidate waits for approval, which the quickstart gives. */
    private boolean gate(LoopStatus s) {
        heading("Promotion gate (decided by the loop, approved here)");
        if (s.step() != LoopStep.GATE || !s.awaitingApproval()) {
            out.println("  the gate did not promote the candidate");
            return false;
        }
        loop.approve(CARD, LoopStep.GATE, "quickstart: reviewed the A/B report");
        LoopStatus after = runLoop();
        return after.step() == LoopStep.ROLLOUT;
    }

    /** Serves traffic and lets the loop advance the stages while the guardrail shows the candidate not worse. */
    private void rollout() {
        heading("Roll out 20% -> 50% -> 100%, advanced by the loop with the guardrail");
        for (int round = 0; round < 6; round++) {
            Deployment d = ml.registry().deployment(CARD);
            out.printf("  deployment: base %s, candidate %s at %d%%%n", d.baseModel(),
                d.candidateModel().orElse("-"), d.rolloutPercent());
            boolean full = d.rolloutPercent() == 100;
            traffic.serve(full ? 200 : 300);
            LoopStatus s = runLoop();
            if (full || s.step() != LoopStep.ROLLOUT && s.step() != LoopStep.MONITOR) {
                break;
            }
        }
        out.printf("  serving card_identification now: %s%n", ml.models().activeModel(CARD));
    }

    private ReportFiles monthly() {
        heading("Monthly analysis and report");
        YearMonth month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        MonthlyAnalysis a = ml.evaluator().analyzeMonth(month);
        out.printf("  %s: %d predictions%n", month, a.totalPredictions());
        int width = a.perModelAndArm().stream().mapToInt(m -> m.model().length()).max().orElse(5);
        String row = "  %-" + width + "s  %-9s %6s  %-24s %6s%n";
        out.printf(row, "model", "arm", "volume", "corrected (95% CI)", "rating");
        for (ModelMonthStats m : a.perModelAndArm()) {
            out.printf(Locale.ROOT, row, m.model(), m.arm() == null ? "-" : m.arm().value(),
                String.valueOf(m.volume()), pct(m.correctionRate()),
                m.rating().isPresent() ? String.format(Locale.ROOT, "%.2f", m.rating().getAsDouble()) : "-");
        }
        ReportFiles report = ml.reports().writeMonthlyReport(month);
        out.println("  report: " + display(report.html()));
        out.println("  data  : " + display(report.json()));
        return report;
    }

    private Summary summarize(String baseModel, String tuned, AbTestResult ab, ReportFiles report, Path abHtml) {
        boolean wins = ab.significant() && NAME_TUNED.equals(ab.winner().orElse(null))
            && ab.reportB().exactMatch().rate() > ab.reportA().exactMatch().rate();
        String serving = ml.models().activeModel(CARD);
        heading("Summary");
        out.printf("  held-out cards       %d%n", ab.items());
        out.printf("  base exact match     %s  %s%n", pct(ab.reportA().exactMatch()), baseModel);
        out.printf("  fine-tuned           %s  %s%n", pct(ab.reportB().exactMatch()), tuned);
        out.printf(Locale.ROOT, "  McNemar (%s) p = %.3g -> %s%n", ab.test(), ab.pValue(),
            wins ? "the fine-tuned model is significantly better" : "NOT shown better");
        out.printf("  serving now          %s%n", serving);
        out.printf("  loop                 %s%n", loop.status(CARD).waitingFor());
        out.printf("  report               %s%n", display(report.html()));
        out.println(wins ? "OK: fine-tuning paid off on held-out data." : "FAILED: the fine-tuned model did not win.");
        return new Summary(ml.dataDirectory(), baseModel, tuned, ab.reportA().exactMatch(), ab.reportB().exactMatch(),
            ab.pValue(), wins, serving, report.html(), report.json(), abHtml);
    }

    /** A path relative to the working directory when it is below it, so output reads the same anywhere. */
    static String display(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    static String pct(Proportion p) {
        return String.format(Locale.ROOT, "%5.1f%% [%4.1f%%, %5.1f%%]", p.rate() * 100, p.lower() * 100, p.upper() * 100);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }
}
