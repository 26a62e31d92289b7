/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.ReportFiles;
import com.slabstak.slabml.Reports;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Objects;

/**
 * The default {@link Reports}: the monthly report assembled from the evaluator's analyses and the
 * registry's histories ({@link MonthlyReport}), rendered by {@link ReportWriter}; default files go
 * to one reports directory.
 *
 * <p>Internal: public for the entry point; not part of the API.
 */
public final class DefaultReports implements Reports {
    private final ModelEvaluator evaluator;
    private final ModelRegistry registry;
    private final Path directory;
    private final Clock clock;

    /**
     * Creates the reports of one instance.
     *
     * @param evaluator the evaluator whose analyses the monthly report shows
     * @param registry the registry whose histories and deployments it shows
     * @param directory where reports go when no file is named
     * @param clock the time reports are stamped with
     */
    public DefaultReports(ModelEvaluator evaluator, ModelRegistry registry, Path directory, Clock clock) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ReportFiles writeMonthlyReport(YearMonth month, int trendMonths, Path html) {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(html, "html");
        MonthlyReport report = MonthlyReport.assemble(evaluator, registry, month, trendMonths, clock);
        Path page = ReportWriter.writeHtml(report, html);
        return new ReportFiles(page, ReportWriter.writeJson(report, jsonBeside(html)));
    }

    @Override
    public ReportFiles writeMonthlyReport(YearMonth month) {
        Objects.requireNonNull(month, "month");
        String name = "monthly_report_" + month.toString().replace("-", "") + ".html";
        return writeMonthlyReport(month, DEFAULT_TREND_MONTHS, directory.resolve(name));
    }

    @Override
    public ReportFiles writeAbTestReport(AbTestResult result, Path html) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(html, "html");
        Path page = ReportWriter.writeHtml(result, clock.instant(), html);
        return new ReportFiles(page, ReportWriter.writeJson(result, jsonBeside(html)));
    }

    @Override
    public ReportFiles writeAbTestReport(AbTestResult result) {
        Objects.requireNonNull(result, "result");
        Instant now = clock.instant();
        Path html = ResultFiles.writeNew(directory, "ab_test", now, "html", ReportWriter.html(result, now));
        return new ReportFiles(html, ReportWriter.writeJson(result, jsonBeside(html)));
    }

    /** {@code x.html} → {@code x.json}; any other name gets {@code .json} appended. */
    static Path jsonBeside(Path html) {
        String name = html.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".html") ? name.substring(0, name.length() - 5) : name;
        return html.resolveSibling(base + ".json");
    }
}
