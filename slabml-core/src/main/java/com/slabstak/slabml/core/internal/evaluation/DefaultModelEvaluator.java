/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.ListingQuality;
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.internal.RecordIds;
import com.slabstak.slabml.core.internal.analysis.MonthTally;
import com.slabstak.slabml.core.internal.pricing.InferencePrices;
import com.slabstak.slabml.core.internal.store.FileProductionLogStore;
import com.slabstak.slabml.core.internal.tasks.ListingQualityScorer;
import com.slabstak.slabml.spi.MonthAggregate;
import com.slabstak.slabml.spi.MonthAggregator;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.RecordLimits;
import com.slabstak.slabml.spi.Task;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ModelEvaluator}: accuracy with Wilson intervals under per-field comparators,
 * paired A/B tests with McNemar's test, listing quality, production tracking into the
 * {@link ProductionLogStore} and monthly analysis. Evaluations are written as
 * {@code card_id_eval_<timestamp>.json} (other tasks {@code <task>_eval_<timestamp>.json}) and A/B
 * tests as {@code ab_test_<timestamp>.json} under the results directory; reports under its
 * {@code reports/} folder.
 *
 * <p>The rollout guardrail is not the evaluator's: it watches the production log it is given
 * (see {@code core.internal.rollout}).
 *
 * <p>Configuration: {@code slabml.evaluation.alpha} (significance level, default 0.05) and
 * {@code slabml.evaluation.power} (power the "items needed" note aims for, default 0.8) and the
 * monthly report's return on investment ({@code slabml.evaluation.roi.*}, see {@link ReturnOnInvestment}).
 *
 * {@code
 * try (DefaultModelEvaluator evaluator = new DefaultModelEvaluator(log, registry, tasks, dir, config, clock)) {
 *     AbTestResult r = evaluator.abTest(baseAnswers, tunedAnswers, truth, "base", "fine-tuned");
 * }
 * }
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
public final class DefaultModelEvaluator implements ModelEvaluator, AutoCloseable {
    /** Significance level of A/B tests. */
    public static final String ALPHA_KEY = "slabml.evaluation.alpha";
    /** Power the sample-size note aims for. */
    public static final String POWER_KEY = "slabml.evaluation.power";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultModelEvaluator.class);

    private final ProductionLogStore log;
    private final ModelRegistry registry;
    private final Map<TaskName, Task> tasks;
    private final Path resultsDirectory;
    private final Clock clock;
    private final FieldComparators comparators;
    private final ProductionStats productionStats;
    private final ListingQualityScorer listingScorer = new ListingQualityScorer();
    private final InferencePrices prices;
    private final ReturnOnInvestment.Settings roiSettings;
    private final double alpha;
    private final double power;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Creates an evaluator that judges fields with the comparators the tasks name. */
    public DefaultModelEvaluator(ProductionLogStore log, ModelRegistry registry, Map<TaskName, Task> tasks,
        Path resultsDirectory, SlabMlConfig config, Clock clock) {
        this(log, registry, tasks, resultsDirectory, config, clock, FieldComparators.of(tasks));
    }

    /** Creates an evaluator that judges fields with {@code comparators}. */
    public DefaultModelEvaluator(ProductionLogStore log, ModelRegistry registry, Map<TaskName, Task> tasks,
        Path resultsDirectory, SlabMlConfig config, Clock clock, FieldComparators comparators) {
        this.log = Objects.requireNonNull(log, "log");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tasks = Map.copyOf(Objects.requireNonNull(tasks, "tasks"));
        this.resultsDirectory = Objects.requireNonNull(resultsDirectory, "resultsDirectory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.comparators = Objects.requireNonNull(comparators, "comparators");
        Objects.requireNonNull(config, "config");
        this.alpha = level(config, ALPHA_KEY, 0.05);
        this.power = level(config, POWER_KEY, 0.8);
        this.productionStats = new ProductionStats(comparators);
        this.prices = InferencePrices.create(config);
        this.roiSettings = ReturnOnInvestment.Settings.from(config);
    }

    static double level(SlabMlConfig config, String key, double defaultValue) {
        double v = config.getDouble(key, defaultValue);
        if (!(v > 0 && v < 1)) {
            throw new ConfigurationException(key + ": must be between 0 and 1 (exclusive), was " + v);
        }
        return v;
    }

    /** The significance level A/B tests use. */
    public double alpha() {
        return alpha;
    }

    /** The field comparators. */
    public FieldComparators comparators() {
        return comparators;
    }

    /** The folder results are written to. */
    public Path resultsDirectory() {
        return resultsDirectory;
    }

    /** Production records the store refused since start (each logged as a warning). */
    public long droppedRecords() {
        return dropped.get();
    }

    @Override
    public AccuracyReport evaluate(TaskName task, List<Map<String, Object>> predictions, List<Map<String, Object>> truth) {
        Objects.requireNonNull(task, "task");
        List<String> fields = fields(task);
        AccuracyCalculator.validate(fields, "predictions", predictions, truth);
        AccuracyReport report = AccuracyCalculator.compute(fields, comparators, predictions, truth).report();
        Instant now = clock.instant();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task", task.value());
        json.put("evaluated_at", now.toString());
        json.putAll(EvaluationJson.accuracy(report));
        Path file = ResultFiles.writeNew(resultsDirectory, evalPrefix(task), now, "json", Json.writePretty(json));
        LOG.info("Evaluated {} on {} items: exact match {} -> {}", task, report.items(),
            percent(report.exactMatch().rate()), file.getFileName());
        return report;
    }

    private static String evalPrefix(TaskName task) {
        return task.equals(TaskName.CARD_IDENTIFICATION) ? "card_id_eval" : task.value() + "_eval";
    }

    @Override
    public AbTestResult abTest(TaskName task, List<Map<String, Object>> resultsA, List<Map<String, Object>> resultsB,
        List<Map<String, Object>> truth, String nameA, String nameB) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(nameA, "nameA");
        Objects.requireNonNull(nameB, "nameB");
        if (nameA.isBlank()) {
            throw new InvalidInputException("nameA", "must not be blank");
        }
        if (nameB.isBlank() || nameB.equals(nameA)) {
            throw new InvalidInputException("nameB", "must be a non-blank name different from nameA ('" + nameA + "')");
        }
        List<String> fields = fields(task);
        AccuracyCalculator.validate(fields, "resultsA", resultsA, truth);
        AccuracyCalculator.validate(fields, "resultsB", resultsB, truth);
        AccuracyCalculator.Outcome a = AccuracyCalculator.compute(fields, comparators, resultsA, truth);
        AccuracyCalculator.Outcome b = AccuracyCalculator.compute(fields, comparators, resultsB, truth);
        long aOnly = 0;
        long bOnly = 0;
        for (int i = 0; i < truth.size(); i++) {
            if (a.exact()[i] && !b.exact()[i]) {
                aOnly++;
            } else if (b.exact()[i] && !a.exact()[i]) {
                bOnly++;
            }
        }
        McNemarResult test = Statistics.mcNemar(aOnly, bOnly);
        Map<String, Double> deltas = new LinkedHashMap<>();
        a.report().fields().forEach((f, pa) -> {
            var pb = b.report().fields().get(f);
            if (pb != null) {
                deltas.put(f, pb.rate() - pa.rate());
            }
        });
        boolean significant = test.pValue() < alpha;
        String winner = significant ? (bOnly > aOnly ? nameB : nameA) : null;
        String note = note(nameA, nameB, a.report(), b.report(), test, truth.size(), winner);
        AbTestResult result = new AbTestResult(nameA, nameB, truth.size(), a.report(), b.report(), aOnly, bOnly,
            test.test(), test.statistic(), test.pValue(), alpha, deltas, winner, note);
        Instant now = clock.instant();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task", task.value());
        json.put("tested_at", now.toString());
        json.putAll(EvaluationJson.abTest(result));
        Path file = ResultFiles.writeNew(resultsDirectory, "ab_test", now, "json", Json.writePretty(json));
        LOG.info("A/B test {} vs {} on {} items: p = {} ({}), winner {} -> {}", nameA, nameB, truth.size(),
            String.format(Locale.ROOT, "%.4g", test.pValue()), test.test(), winner == null ? "none" : winner,
            file.getFileName());
        return result;
    }

    private String note(String nameA, String nameB, AccuracyReport a, AccuracyReport b, McNemarResult test, int n,
        String winner) {
        String numbers = String.format(Locale.ROOT, "exact match %s %s vs %s %s, p = %.4g (%s, %s right only %d, %s right only %d)",
            nameA, percent(a.exactMatch().rate()), nameB, percent(b.exactMatch().rate()), test.pValue(), test.test(),
            nameA, test.b(), nameB, test.c());
        if (winner != null) {
            return winner + " is significantly better at alpha " + alpha + ": " + numbers + ".";
        }
        if (test.b() + test.c() == 0) {
            return "No difference: both models got exactly the same items right (" + numbers + ").";
        }
        OptionalLong needed = Statistics.mcNemarSampleSize(test.b(), test.c(), n, alpha, power);
        if (needed.isEmpty()) {
            return "No difference at alpha " + alpha + ": " + numbers
                + ". The models win equally often, so more items of the same kind would not show one.";
        }
        long total = needed.getAsLong();
        return String.format(Locale.ROOT,
            "Not significant at alpha %s: %s. At the observed discordant rates (%.1f%% and %.1f%% of items), about %d items "
                + "in total (%d more) would give %.0f%% power to detect this difference (McNemar, Connor 1987).",
            alpha, numbers, 100.0 * test.b() / n, 100.0 * test.c() / n, total, Math.max(0, total - n), power * 100);
    }

    @Override
    public void trackProduction(ProductionRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed.get()) {
            throw new SlabMlException("the evaluator is closed");
        }
        ProductionRecord.Builder b = record.toBuilder();
        Instant now = record.id().isEmpty() || record.timestamp().isEmpty() ? clock.instant() : null;
        if (record.id().isEmpty()) {
            b.id(RecordIds.next(now));
        }
        if (record.timestamp().isEmpty()) {
            b.timestamp(now);
        }
        if (record.correctedFields().isEmpty()) {
            b.correctedFields(productionStats.judge(record));
        }
        ProductionRecord stamped = b.build();
        // Bad input is the caller's to fix: refused at the call, whatever the store.
        RecordLimits.check("prediction", stamped.prediction());
        RecordLimits.check("correction", stamped.correction());
        try {
            log.append(stamped);
        } catch (InvalidInputException e) {
            throw e;
        } catch (SlabMlException e) {
            long n = dropped.incrementAndGet();
            // A failing store fails every record: the first with its cause, then at doubling counts.
            if (n == 1) {
                LOG.warn("Production record {} of model {} was not stored; further drops are summarised",
                    stamped.id().orElseThrow(), stamped.modelId(), e);
            } else if (Long.bitCount(n) == 1) {
                LOG.warn("{} production records dropped so far; the last because: {}", n, e.getMessage());
            }
        }
    }

    /**
     * Analyses a month and the month before in memory that does not grow with the number of
     * records: the file store scans its files in parallel, parsing only the fields needed; a store
     * that offers a {@link ProductionLogStore#aggregator()} aggregates where the records are kept;
     * any other store's records are streamed through counters and latency sketches. Records that
     * could not be read are skipped and counted ({@link MonthlyAnalysis#skippedRecords()}).
     */
    @Override
    public MonthlyAnalysis analyzeMonth(YearMonth month) {
        Objects.requireNonNull(month, "month");
        MonthAggregate current = aggregate(month);
        MonthAggregate previous = aggregate(month.minusMonths(1));
        return analysis(current, previous);
    }

    static MonthlyAnalysis analysis(MonthAggregate current, MonthAggregate previous) {
        List<ModelMonthStats> perModel = ProductionStats.perModel(current);
        long total = perModel.stream().mapToLong(ModelMonthStats::volume).sum();
        return new MonthlyAnalysis(current.month(), total, perModel, ProductionStats.perModelAndArm(current),
            ProductionStats.perModel(previous), current.skippedRecords());
    }

    /**
     * Aggregates one month: through the file store's own scan (judging records stored without a
     * judgement with this evaluator's comparators), the store's aggregator, or by streaming.
     *
     * @param month the month
     * @return the month's groups per model and arm and per model
     */
    public MonthAggregate aggregate(YearMonth month) {
        Objects.requireNonNull(month, "month");
        if (log instanceof FileProductionLogStore) {
            return ((FileProductionLogStore) log).aggregate(month, productionStats::judge);
        }
        Optional<MonthAggregator> aggregator = log.aggregator();
        if (aggregator.isPresent()) {
            return aggregator.get().aggregate(month);
        }
        MonthTally tally = new MonthTally();
        try (Stream<ProductionRecord> s = log.read(month)) {
            s.forEach(r -> tally.add(r, productionStats.correctedFields(r)));
        }
        return tally.aggregate(month);
    }

    /**
     * Returns each model's tokens and inference cost in {@code month}, busiest first, priced with
     * {@link InferencePrices} ({@code NaN} dollars when a model's price is unknown).
     */
    public List<ModelCost> costs(YearMonth month) {
        return costs(aggregate(month));
    }

    /** Returns each model's tokens and inference cost in an aggregated month, busiest first. */
    List<ModelCost> costs(MonthAggregate month) {
        List<ModelCost> out = new java.util.ArrayList<>();
        for (MonthAggregate.Group g : month.groups()) {
            if (g.arm() == null) {
                out.add(new ModelCost(g.model(), g.promptTokens(), g.completionTokens(),
                    prices.cost(g.model(), g.promptTokens(), g.completionTokens()).orElse(Double.NaN)));
            }
        }
        out.sort(java.util.Comparator.comparingLong((ModelCost c) -> c.promptTokens() + c.completionTokens()).reversed()
            .thenComparing(ModelCost::model));
        return out;
    }

    /** Inference prices, for the report's return on investment. */
    InferencePrices prices() {
        return prices;
    }

    /** The report's return-on-investment settings ({@code slabml.evaluation.roi.*}). */
    public ReturnOnInvestment.Settings roiSettings() {
        return roiSettings;
    }

    /** The tasks this evaluator measures, by name. */
    public java.util.SortedMap<TaskName, Task> tasks() {
        java.util.SortedMap<TaskName, Task> sorted = new java.util.TreeMap<>(java.util.Comparator.comparing(TaskName::value));
        sorted.putAll(tasks);
        return sorted;
    }

    /** Scores a listing with the listing task's {@link ListingQualityScorer}. */
    @Override
    public ListingQuality assessListing(Listing listing, ListingRequest request) {
        return listingScorer.score(listing, request);
    }

    /**
     * Writes the monthly report of {@code month} (with {@code trendMonths} months of correction
     * rates and every task's rollout history) as {@code reports/monthly_report_YYYYMM.html} and
     * {@code .json} under the results directory.
     */
    public ReportWriter.ReportFiles writeMonthlyReport(YearMonth month, int trendMonths) {
        MonthlyReport report = MonthlyReport.assemble(this, registry, month, trendMonths, clock);
        String name = "monthly_report_" + month.toString().replace("-", "");
        Path dir = resultsDirectory.resolve("reports");
        return new ReportWriter.ReportFiles(ReportWriter.writeHtml(report, dir.resolve(name + ".html")),
            ReportWriter.writeJson(report, dir.resolve(name + ".json")));
    }

    /** Writes an A/B test as {@code reports/ab_test_<timestamp>.html} and {@code .json} under the results directory. */
    public ReportWriter.ReportFiles writeAbTestReport(AbTestResult result) {
        Objects.requireNonNull(result, "result");
        Instant now = clock.instant();
        Path dir = resultsDirectory.resolve("reports");
        Path html = ResultFiles.writeNew(dir, "ab_test", now, "html", ReportWriter.html(result, now));
        Path json = ReportWriter.writeJson(result, Path.of(html.toString().replaceFirst("\\.html$", ".json")));
        return new ReportWriter.ReportFiles(html, json);
    }

    private List<String> fields(TaskName task) {
        Task t = tasks.get(task);
        if (t == null) {
            throw new InvalidInputException("task", "unknown task '" + task + "' (known: "
                + tasks.keySet().stream().map(TaskName::value).collect(Collectors.toCollection(TreeSet::new)) + ")");
        }
        return t.fields();
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    /** Marks the evaluator closed (later tracking fails). The stores stay open: their owner closes them. */
    @Override
    public void close() {
        closed.set(true);
    }
}
