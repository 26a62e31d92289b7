/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.quickstart;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.DatasetStats;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.Diversity;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.GuardrailDecision;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobMetrics;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.ModelRunStats;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.Readiness;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.UserCorrection;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.core.internal.dataset.DatasetQuality;
import com.slabstak.slabml.core.internal.dataset.QualitySummary;
import com.slabstak.slabml.core.internal.evaluation.FieldComparators;
import com.slabstak.slabml.core.internal.evaluation.MonthlyReport;
import com.slabstak.slabml.PromotionDecision;
import com.slabstak.slabml.core.internal.evaluation.PromotionGate;
import com.slabstak.slabml.core.internal.evaluation.ReportWriter;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.testkit.CardSampleGenerator;
import com.slabstak.slabml.testkit.ManualClock;
import java.io.PrintStream;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The quickstart's steps, in the order of the seed's workflow, each printed as it happens. */
final class Loop {
    static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    /** Validated scans collected for training. */
    static final int VALIDATED = 240;
    /** User corrections of the base model's mistakes collected for training. */
    static final int CORRECTIONS = 60;
    /** Cards kept aside, never collected, to evaluate on. */
    static final int HELD_OUT = 150;
    /** Users whose requests are served during the rollout. */
    static final int USERS = 120;
    static final String NAME_BASE = "base";
    static final String NAME_TUNED = "fine-tuned";

    private final SlabMl ml;
    private final Stores stores;
    private final Clock clock;
    private final PrintStream out;
    private final boolean openai;
    private final CardSampleGenerator generator = CardSampleGenerator.create(7);
    private final FieldComparators comparators;
    private int step;
    private Duration openAiPoll = Quickstart.OPENAI_POLL_INTERVAL;
    private Duration openAiMaxPoll = Quickstart.OPENAI_MAX_POLL_INTERVAL;

    Loop(SlabMl ml, Stores stores, Clock clock, PrintStream out, boolean openai) {
        this.ml = ml;
        this.comparators = FieldComparators.of(ml.tasks());
        this.stores = stores;
        this.clock = clock;
        this.out = out;
        this.openai = openai;
    }

    /** Sets how often a job on OpenAI is polled, at first and at most. */
    void pollOpenAi(Duration first, Duration max) {
        this.openAiPoll = first;
        this.openAiMaxPoll = max;
    }

    Summary run() {
        String baseModel = ml.registry().deployment(CARD).baseModel();
        List<CardSampleGenerator.CardSample> heldOut = collect();
        stats();
        ExportResult export = export();
        validate(export, baseModel);
        estimate(export, baseModel);
        UploadedFile[] files = upload(export);
        FineTuningJob job = create(files, baseModel);
        FineTuningJob done = await(job);
        String tuned = done.fineTunedModel().orElseThrow(() -> new SlabMlException("job " + done.id() + " has no model"));
        register(done, files[0]);
        AbTestResult ab = evaluate(heldOut, baseModel, tuned);
        Path abHtml = ReportWriter.writeHtml(ab, clock.instant(),
            ml.dataDirectory().resolve("evaluation_results/reports/ab_test_quickstart.html"));
        ReportWriter.writeJson(ab, ml.dataDirectory().resolve("evaluation_results/reports/ab_test_quickstart.json"));
        out.println("  A/B report: " + display(abHtml));
        boolean promoted = gate(tuned, ab);
        if (promoted) {
            rollout(tuned);
        }
        Path[] report = monthly();
        return summarize(baseModel, tuned, ab, report, abHtml);
    }

    private void heading(String title) {
        step++;
        out.println();
        out.printf("== %d. %s%n", step, title);
    }

    private List<CardSampleGenerator.CardSample> collect() {
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
        List<CardSampleGenerator.CardSample> heldOut = generator.cards(HELD_OUT);
        out.printf("  collected %d validated scans, 6 rescans, 3 conflicting corrections and %d user corrections%n",
            VALIDATED, CORRECTIONS);
        CardSampleGenerator.CardSample example = cards.get(0);
        out.printf("  e.g. OCR %s%n       -> %s%n", quote(example.ocrText()), example.card().toMap());
        CardSampleGenerator.CorrectionSample corr = corrections.get(0);
        out.printf("  e.g. correction by %s of %s%n", corr.userId(), corr.changedFields());
        out.printf("  kept %d other cards aside as the held-out set (never collected)%n", heldOut.size());
        return heldOut;
    }

    private void stats() {
        heading("Dataset statistics");
        DatasetStats s = ml.collector().stats();
        out.printf(Locale.ROOT, "  samples %d, average confidence %.2f, by source %s%n", s.totalSamples(),
            s.averageConfidence(), bySource(s));
        for (Readiness r : s.readiness()) {
            if (r.have() > 0) {
                out.printf("  readiness %s/%s: %d of %d needed -> %s%n", r.task().value(), r.group(), r.have(), r.need(),
                    r.ready() ? "ready" : "not ready");
            }
        }
        out.printf("  duplicates %d, conflicts %d%n", s.duplicates(), s.conflicts());
        QualitySummary q;
        try (Stream<Sample> samples = stores.samples().read(CARD)) {
            q = DatasetQuality.analyze(samples, ml.task(CARD));
        }
        Diversity d = q.diversity();
        out.printf("  diversity: years %s, %d brands, graders %s%s%n", d.yearRange().orElse("-"),
            d.counts(Diversity.BRAND).size(), d.counts(Diversity.GRADING_COMPANY).keySet(),
            d.counts(Diversity.SPORT).isEmpty() ? "" : ", sports " + d.counts(Diversity.SPORT).keySet());
        q.diversity().warnings().forEach(w -> out.println("  warning: " + w));
        if (!s.isReady(CARD)) {
            throw new SlabMlException("the card dataset is not ready for fine-tuning");
        }
    }

    private static Map<String, Long> bySource(DatasetStats s) {
        Map<String, Long> m = new TreeMap<>();
        s.samplesPerSource().forEach((k, v) -> m.put(k.value(), v));
        return m;
    }

    private ExportResult export() {
        heading("Export for fine-tuning (dedupe, split 90/10)");
        ExportResult r = ml.exporter().export(ExportRequest.builder().task(CARD).validationFraction(0.10).seed(42).build());
        out.printf("  %d training + %d validation examples, %d duplicates removed, %d training tokens%n",
            r.trainingExamples(), r.validationExamples(), r.duplicatesRemoved(), r.trainingTokens());
        out.println("  training file   " + ml.dataDirectory().relativize(r.trainingFile()));
        r.validationFile().ifPresent(v -> out.println("  validation file " + ml.dataDirectory().relativize(v)));
        return r;
    }

    private void validate(ExportResult export, String model) {
        heading("Validate the export file");
        ValidationReport r = ml.exporter().validate(export.trainingFile(), model);
        out.printf("  %d examples, %d errors, %d warnings -> %s%n", r.examples(), r.errors().size(),
            r.warnings().size(), r.isValid() ? "valid" : "INVALID");
        r.findings().stream().limit(3).forEach(f -> out.printf("  line %d: %s: %s%n", f.line(), f.category(), f.message()));
    }

    private void estimate(ExportResult export, String model) {
        heading("Estimate the training cost");
        CostEstimate c = ml.fineTuning().estimateCost(export.trainingFile(), model);
        out.printf("  %d examples, tokens per example min %d / median %d / p90 %d / max %d%n", c.examples(),
            c.distribution().min(), c.distribution().median(), c.distribution().p90(), c.distribution().max());
        out.printf("  %d epochs x %d tokens = %d billed tokens on %s -> $%s (prices of %s)%n", c.epochs(),
            c.billedTokensPerEpoch(), c.billedTokens(), c.model(),
            c.cost().setScale(2, RoundingMode.HALF_UP).toPlainString(), c.priceDate());
    }

    private UploadedFile[] upload(ExportResult export) {
        heading("Upload");
        UploadedFile train = ml.fineTuning().upload(export.trainingFile());
        out.printf("  training   %s (%d bytes)%n", train.id(), train.bytes());
        UploadedFile validation = null;
        if (export.validationFile().isPresent()) {
            validation = ml.fineTuning().upload(export.validationFile().get());
            out.printf("  validation %s (%d bytes)%n", validation.id(), validation.bytes());
        }
        return new UploadedFile[] {train, validation};
    }

    private FineTuningJob create(UploadedFile[] files, String baseModel) {
        heading("Create the fine-tuning job");
        JobRequest.Builder b = JobRequest.builder().trainingFileId(files[0].id()).model(baseModel)
            .suffix("slabstak-card-id").task(CARD).seed(42L)
            .hyperparameters(Hyperparameters.builder().epochs(3).build());
        if (files[1] != null) {
            b.validationFileId(files[1].id());
        }
        FineTuningJob job = ml.fineTuning().createJob(b.build());
        out.printf("  job %s on %s: %s (3 epochs, seed 42)%n", job.id(), job.model(), job.status().value());
        return job;
    }

    private FineTuningJob await(FineTuningJob job) {
        heading("Wait for the job (events and metrics)");
        JobListener listener = new JobListener() {
            @Override
            public void onStatus(FineTuningJob j) {
                out.printf("  [%s] status %s%n", elapsed(j), j.status().value());
            }

            @Override
            public void onEvent(FineTuningJob j, JobEvent e) {
                if (e.metrics().isPresent()) {
                    JobMetrics m = e.metrics().get();
                    long every = Math.max(1, m.totalSteps() / 5);
                    if (m.step() % every == 0 || m.step() == m.totalSteps()) {
                        out.printf(Locale.ROOT, "  [%s] step %d/%d  train loss %.4f  valid loss %s%n", at(j, e),
                            m.step(), m.totalSteps(), m.trainLoss(),
                            Double.isNaN(m.validLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", m.validLoss()));
                    }
                } else {
                    out.printf("  [%s] %s%n", at(j, e), e.message());
                }
            }
        };
        WaitOptions options = WaitOptions.builder().listener(listener)
            .pollInterval(openai ? openAiPoll : Duration.ofSeconds(20))
            .maxPollInterval(openai ? openAiMaxPoll : Duration.ofSeconds(20))
            .timeout(Duration.ofHours(3)).build();
        FineTuningJob done = ml.fineTuning().waitForCompletion(job.id(), options);
        if (!done.status().equals(JobStatus.SUCCEEDED)) {
            throw new SlabMlException("job " + done.id() + " ended " + done.status().value()
                + done.error().map(e -> ": " + e.code() + ": " + e.message()).orElse(""));
        }
        out.printf("  fine-tuned model %s (%s trained tokens)%n", done.fineTunedModel().orElse("?"),
            done.trainedTokens().isPresent() ? done.trainedTokens().getAsLong() : "?");
        return done;
    }

    /** Time since the job was created: now, or (for the job's own events) when the provider logged it. */
    private String elapsed(FineTuningJob j) {
        return minutes(Duration.between(j.createdAt(), clock.instant()));
    }

    private static String at(FineTuningJob j, JobEvent e) {
        return minutes(Duration.between(j.createdAt(), e.createdAt()));
    }

    private static String minutes(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return String.format(Locale.ROOT, "%2dm%02ds", s / 60, s % 60);
    }

    private void register(FineTuningJob done, UploadedFile training) {
        heading("Register the model");
        ModelVersion.Builder v = ModelVersion.builder().task(CARD).modelId(done.fineTunedModel().orElseThrow())
            .baseModel(done.model()).jobId(done.id()).trainingFile(training.id()).createdAt(clock.instant());
        if (done.trainedTokens().isPresent()) {
            v.putMetric("trained_tokens", (double) done.trainedTokens().getAsLong());
        }
        List<JobEvent> events = ml.fineTuning().events(done.id(), 100);
        for (JobEvent e : events) {
            e.metrics().ifPresent(m -> {
                v.putMetric("final_train_loss", m.trainLoss());
                if (!Double.isNaN(m.validLoss())) {
                    v.putMetric("final_valid_loss", m.validLoss());
                }
            });
        }
        ModelVersion registered = ml.registry().register(v.build());
        out.printf("  %s registered for %s (job %s), metrics %s%n", registered.modelId(), CARD.value(), done.id(),
            rounded(registered.metrics()));
    }

    private static Map<String, String> rounded(Map<String, Double> metrics) {
        Map<String, String> m = new TreeMap<>();
        metrics.forEach((k, v) -> m.put(k, v == Math.rint(v) ? String.valueOf(v.longValue())
            : String.format(Locale.ROOT, "%.4f", v)));
        return m;
    }

    private AbTestResult evaluate(List<CardSampleGenerator.CardSample> heldOut, String baseModel, String tuned) {
        heading("Evaluate base vs fine-tuned on the " + heldOut.size() + " held-out cards");
        List<Map<String, Object>> basePredictions = new ArrayList<>();
        List<Map<String, Object>> tunedPredictions = new ArrayList<>();
        List<Map<String, Object>> truth = new ArrayList<>();
        for (CardSampleGenerator.CardSample c : heldOut) {
            List<ModelRunStats> runs = ml.models().compareModels(CARD, c.input(), List.of(baseModel, tuned), 1).models();
            basePredictions.add(runs.get(0).outputs().isEmpty() ? Map.of() : runs.get(0).outputs().get(0));
            tunedPredictions.add(runs.get(1).outputs().isEmpty() ? Map.of() : runs.get(1).outputs().get(0));
            truth.add(c.output());
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

    private boolean gate(String tuned, AbTestResult ab) {
        heading("Promotion gate");
        PromotionDecision d = new PromotionGate(ml.registry(), ml.config(), clock).decideAndRecord(CARD, tuned, ab);
        out.printf("  %s: %s%n", d.verdict(), d.reason());
        return d.promote();
    }

    private void rollout(String tuned) {
        heading("Roll out 20% -> 50% -> 100% with the guardrail");
        int request = 0;
        int[] next = {50, 100};
        for (int stage = 0; ; stage++) {
            Deployment d = ml.registry().deployment(CARD);
            out.printf("  deployment: base %s, candidate %s at %d%%%n", d.baseModel(),
                d.candidateModel().orElse("-"), d.rolloutPercent());
            request = serve(request, stage < 2 ? 300 : 200);
            if (stage == 2) {
                break;
            }
            GuardrailDecision g = ml.loop().checkRollout(CARD);
            out.printf("  guardrail %s: %s%n", g.action(), g.reason().replaceFirst("^guardrail: ", ""));
            if (g.stopped() || g.action() == GuardrailDecision.Action.ROLLBACK_RECOMMENDED) {
                out.println("  rollout stopped");
                return;
            }
            if (next[stage] == 100) {
                ml.registry().promote(CARD, "guardrail passed at 50%");
            } else {
                ml.registry().setRolloutPercent(CARD, next[stage], "guardrail passed at " + d.rolloutPercent() + "%");
            }
        }
        out.printf("  serving card_identification now: %s%n", ml.models().activeModel(CARD));
    }

    /** Serves {@code n} production requests with sticky subjects, and tracks each user's reaction. */
    private int serve(int first, int n) {
        List<CardSampleGenerator.CardSample> traffic = generator.cards(n);
        Map<String, Integer> perArm = new TreeMap<>();
        Map<String, Arm> armOfUser = new HashMap<>();
        int fallbacks = 0;
        int corrected = 0;
        boolean sticky = true;
        Prediction<CardData> shown = null;
        for (int i = 0; i < n; i++) {
            CardSampleGenerator.CardSample c = traffic.get(i);
            String user = String.format(Locale.ROOT, "user-%03d", (first + i) % USERS + 1);
            Prediction<CardData> p = ml.models().identifyCard(c.ocrText(), RequestContext.forSubject(user));
            Arm arm = p.metadata().arm();
            perArm.merge(arm.value(), 1, Integer::sum);
            Arm before = armOfUser.putIfAbsent(user, arm);
            if (before != null && before != arm && p.metadata().fallbackReason().isEmpty()) {
                sticky = false;
            }
            if (p.metadata().fallbackReason().isPresent()) {
                fallbacks++;
            }
            if (shown == null && p.metadata().finetuned()) {
                shown = p;
            }
            boolean right = matches(p.value(), c.card());
            ProductionRecord.Builder r = ProductionRecord.builder().task(CARD).modelId(p.metadata().modelUsed())
                .arm(arm).prediction(p.value().toMap()).subject(user)
                .latencyMillis(p.metadata().latency().toMillis()).usage(p.metadata().usage())
                .rating(right ? (i % 4 == 0 ? 4 : 5) : 2);
            if (!right) {
                r.correction(c.card().toMap());
                corrected++;
            }
            ml.evaluator().trackProduction(r.build());
            if (clock instanceof ManualClock) {
                ((ManualClock) clock).advance(Duration.ofSeconds(90));
            }
        }
        out.printf("  served %d requests from %d users: arms %s, fallbacks %d, corrected by users %d, sticky %s%n",
            n, armOfUser.size(), perArm, fallbacks, corrected, sticky ? "yes" : "NO");
        if (shown != null) {
            out.printf("  e.g. %s -> %s (arm %s, bucket %s)%n", shown.metadata().modelUsed(), shown.value().player(),
                shown.metadata().arm().value(),
                shown.metadata().bucket().isPresent() ? shown.metadata().bucket().getAsInt() : "-");
        }
        return first + n;
    }

    private boolean matches(CardData predicted, CardData truth) {
        for (String f : CardData.CORE_FIELDS) {
            if (!comparators.matches(f, predicted.get(f).orElse(null), truth.get(f).orElse(null))) {
                return false;
            }
        }
        return true;
    }

    private Path[] monthly() {
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
        MonthlyReport report = MonthlyReport.assemble(ml.evaluator(), ml.registry(), month, 6, clock);
        String name = "monthly_report_" + month.toString().replace("-", "");
        Path dir = ml.dataDirectory().resolve("evaluation_results").resolve("reports");
        Path html = ReportWriter.writeHtml(report, dir.resolve(name + ".html"));
        Path json = ReportWriter.writeJson(report, dir.resolve(name + ".json"));
        out.println("  report: " + display(html));
        out.println("  data  : " + display(json));
        return new Path[] {html, json};
    }

    private Summary summarize(String baseModel, String tuned, AbTestResult ab, Path[] report, Path abHtml) {
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
        out.printf("  report               %s%n", display(report[0]));
        out.println(wins ? "OK: fine-tuning paid off on held-out data." : "FAILED: the fine-tuned model did not win.");
        return new Summary(ml.dataDirectory(), baseModel, tuned, ab.reportA().exactMatch(), ab.reportB().exactMatch(),
            ab.pValue(), wins, serving, report[0], report[1], abHtml);
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
