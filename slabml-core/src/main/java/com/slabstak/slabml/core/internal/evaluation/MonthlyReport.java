/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.spi.MonthAggregate;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import com.slabstak.slabml.spi.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything a monthly report shows: the month's production analysis, the months before it (for
 * correction rate over time), the rollout history, and optionally held-out accuracy reports and an
 * A/B test (for example base versus fine-tuned). Immutable.
 *
 * {@code
 * MonthlyReport report = MonthlyReport.assemble(slabMl.evaluator(), slabMl.registry(), YearMonth.of(2026, 11), 6, clock)
 *     .toBuilder().putEvaluation("fine-tuned (holdout)", accuracy).build();
 * ReportWriter.writeHtml(report, Path.of("report.html"));
 * }
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
final class MonthlyReport {
    private final YearMonth month;
    private final Instant generatedAt;
    private final MonthlyAnalysis analysis;
    private final List<MonthlyAnalysis> trend;
    private final List<DeploymentEvent> rolloutHistory;
    private final Map<String, AccuracyReport> evaluations;
    private final AbTestResult abTest;
    private final Map<String, ModelCost> costs;
    private final List<ReturnOnInvestment> returns;
    private final List<Task> tasks;

    private MonthlyReport(Builder b) {
        this.analysis = Objects.requireNonNull(b.analysis, "analysis");
        this.month = analysis.month();
        this.generatedAt = Objects.requireNonNull(b.generatedAt, "generatedAt");
        List<MonthlyAnalysis> t = new ArrayList<>(b.trend);
        if (t.stream().noneMatch(a -> a.month().equals(month))) {
            t.add(analysis);
        }
        t.sort(Comparator.comparing(MonthlyAnalysis::month));
        this.trend = List.copyOf(t);
        List<DeploymentEvent> h = new ArrayList<>(b.rolloutHistory);
        h.sort(Comparator.comparing(DeploymentEvent::at));
        this.rolloutHistory = List.copyOf(h);
        this.evaluations = Collections.unmodifiableMap(new LinkedHashMap<>(b.evaluations));
        this.abTest = b.abTest;
        this.costs = Collections.unmodifiableMap(new LinkedHashMap<>(b.costs));
        this.returns = List.copyOf(b.returns);
        this.tasks = List.copyOf(b.tasks);
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this report. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.analysis = analysis;
        b.generatedAt = generatedAt;
        b.trend.addAll(trend);
        b.rolloutHistory.addAll(rolloutHistory);
        b.evaluations.putAll(evaluations);
        b.abTest = abTest;
        b.costs.putAll(costs);
        b.returns.addAll(returns);
        b.tasks.addAll(tasks);
        return b;
    }

    /**
     * Builds the report of {@code month} from the evaluator's analysis of it and of the
     * {@code trendMonths - 1} months before, and the history of every task the registry knows.
     * With a {@link DefaultModelEvaluator} the month's inference costs and the return on investment
     * of every deployment with a candidate are included too, and each month is aggregated once.
     */
    public static MonthlyReport assemble(ModelEvaluator evaluator, ModelRegistry registry, YearMonth month,
        int trendMonths, Clock clock) {
        Objects.requireNonNull(evaluator, "evaluator");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(clock, "clock");
        if (trendMonths < 1 || trendMonths > 120) {
            throw new InvalidInputException("trend_months", "must be 1-120, was " + trendMonths);
        }
        Builder b = builder().generatedAt(clock.instant());
        if (evaluator instanceof DefaultModelEvaluator) {
            DefaultModelEvaluator e = (DefaultModelEvaluator) evaluator;
            b.tasks(e.tasks().values());
            Map<YearMonth, MonthAggregate> aggregates = new HashMap<>();
            Function<YearMonth, MonthAggregate> aggregate = m -> aggregates.computeIfAbsent(m, e::aggregate);
            MonthlyAnalysis analysis = DefaultModelEvaluator.analysis(aggregate.apply(month),
                aggregate.apply(month.minusMonths(1)));
            b.analysis(analysis);
            for (int i = trendMonths - 1; i >= 1; i--) {
                YearMonth m = month.minusMonths(i);
                b.addTrend(DefaultModelEvaluator.analysis(aggregate.apply(m), aggregate.apply(m.minusMonths(1))));
            }
            e.costs(aggregate.apply(month)).forEach(b::putCost);
            for (Deployment d : rollouts(registry)) {
                ReturnOnInvestment.of(d, analysis, e.prices(), e.roiSettings()).ifPresent(b::addReturnOnInvestment);
            }
        } else {
            b.analysis(evaluator.analyzeMonth(month));
            for (int i = trendMonths - 1; i >= 1; i--) {
                b.addTrend(evaluator.analyzeMonth(month.minusMonths(i)));
            }
        }
        for (Deployment d : registry.deployments()) {
            registry.history(d.task()).forEach(b::addRolloutEvent);
        }
        return b.build();
    }

    /**
     * Every base and candidate pair each task has rolled out, from the deployments and their
     * histories (a candidate promoted since still counts for the months it was in rollout).
     */
    private static List<Deployment> rollouts(ModelRegistry registry) {
        Map<String, Deployment> pairs = new LinkedHashMap<>();
        for (Deployment d : registry.deployments()) {
            List<Deployment> seen = new ArrayList<>();
            registry.history(d.task()).forEach(ev -> seen.add(ev.deployment()));
            seen.add(d);
            for (Deployment x : seen) {
                x.candidateModel().ifPresent(c -> pairs.putIfAbsent(x.task().value() + '\n' + x.baseModel() + '\n' + c, x));
            }
        }
        return List.copyOf(pairs.values());
    }

    /**
     * Reads a month written {@code YYYYMM} (as the seed's {@code analyze_production_logs(month="202412")}
     * and file names use) or {@code YYYY-MM}.
     *
     * @throws InvalidInputException naming {@code month} for anything else
     */
    public static YearMonth parseMonth(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        if (t.matches("\\d{6}")) {
            t = t.substring(0, 4) + "-" + t.substring(4);
        }
        if (t.matches("\\d{4}-\\d{2}")) {
            int m = Integer.parseInt(t.substring(5));
            if (m >= 1 && m <= 12) {
                return YearMonth.parse(t);
            }
        }
        throw new InvalidInputException("month", "expected YYYYMM or YYYY-MM, was '" + text + "'");
    }

    /** The month reported on. */
    public YearMonth month() {
        return month;
    }

    /** When the report was made. */
    public Instant generatedAt() {
        return generatedAt;
    }

    /** The month's production analysis. */
    public MonthlyAnalysis analysis() {
        return analysis;
    }

    /** The analyses of the months shown over time, oldest first, ending with this month. */
    public List<MonthlyAnalysis> trend() {
        return trend;
    }

    /** Deployment changes of every task, oldest first. */
    public List<DeploymentEvent> rolloutHistory() {
        return rolloutHistory;
    }

    /** Held-out accuracy reports by label. */
    public Map<String, AccuracyReport> evaluations() {
        return evaluations;
    }

    /** The month's inference cost per model. */
    public Map<String, ModelCost> costs() {
        return costs;
    }

    /** The month's return on investment per deployment with a candidate. */
    public List<ReturnOnInvestment> returnsOnInvestment() {
        return returns;
    }

    /** An A/B test shown with the report. */
    public Optional<AbTestResult> abTest() {
        return Optional.ofNullable(abTest);
    }

    /**
     * Production accuracy per field for one model's month: the share of its predictions whose
     * field users left as it was, with its 95% Wilson interval. Shows the fields users corrected
     * and, when they all belong to one of the report's tasks, that task's headline fields.
     */
    public Map<String, Proportion> productionFieldAccuracy(ModelMonthStats stats) {
        Objects.requireNonNull(stats, "stats");
        Set<String> fields = new LinkedHashSet<>();
        for (Task task : tasks) {
            if (stats.mostCorrectedFields().isEmpty()
                || task.fields().containsAll(stats.mostCorrectedFields().keySet())) {
                fields.addAll(task.headlineFields());
                break;
            }
        }
        fields.addAll(stats.mostCorrectedFields().keySet());
        Map<String, Proportion> out = new LinkedHashMap<>();
        if (stats.volume() == 0) {
            return out;
        }
        for (String f : fields) {
            long wrong = stats.mostCorrectedFields().getOrDefault(f, 0L);
            out.put(f, Statistics.wilson(stats.volume() - wrong, stats.volume()));
        }
        return out;
    }

    /** Builds {@link MonthlyReport} values. */
    public static final class Builder {
        private MonthlyAnalysis analysis;
        private Instant generatedAt;
        private final List<MonthlyAnalysis> trend = new ArrayList<>();
        private final List<DeploymentEvent> rolloutHistory = new ArrayList<>();
        private final Map<String, AccuracyReport> evaluations = new LinkedHashMap<>();
        private AbTestResult abTest;
        private final Map<String, ModelCost> costs = new LinkedHashMap<>();
        private final List<ReturnOnInvestment> returns = new ArrayList<>();
        private final List<Task> tasks = new ArrayList<>();

        private Builder() {
        }

        /** The tasks whose headline fields the production accuracy charts show, in order. */
        public Builder tasks(Collection<? extends Task> tasks) {
            this.tasks.clear();
            this.tasks.addAll(tasks);
            return this;
        }

        public Builder analysis(MonthlyAnalysis analysis) {
            this.analysis = Objects.requireNonNull(analysis, "analysis");
            return this;
        }

        public Builder generatedAt(Instant generatedAt) {
            this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
            return this;
        }

        /** Adds an earlier month's analysis to the trend. */
        public Builder addTrend(MonthlyAnalysis earlier) {
            trend.add(Objects.requireNonNull(earlier, "earlier"));
            return this;
        }

        public Builder addRolloutEvent(DeploymentEvent event) {
            rolloutHistory.add(Objects.requireNonNull(event, "event"));
            return this;
        }

        /** Adds a held-out accuracy report under a label such as {@code "fine-tuned (holdout)"}. */
        public Builder putEvaluation(String label, AccuracyReport report) {
            evaluations.put(Objects.requireNonNull(label, "label"), Objects.requireNonNull(report, "report"));
            return this;
        }

        /** Sets the A/B test to show; {@code null} clears it. */
        public Builder abTest(AbTestResult abTest) {
            this.abTest = abTest;
            return this;
        }

        /** Adds one model's cost for the month. */
        public Builder putCost(ModelCost cost) {
            costs.put(Objects.requireNonNull(cost, "cost").model(), cost);
            return this;
        }

        /** Adds one deployment's return on investment for the month. */
        public Builder addReturnOnInvestment(ReturnOnInvestment roi) {
            returns.add(Objects.requireNonNull(roi, "roi"));
            return this;
        }

        public MonthlyReport build() {
            return new MonthlyReport(this);
        }
    }
}
