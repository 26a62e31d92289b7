/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.nio.file.Path;
import java.time.YearMonth;

/**
 * Writes the reports people read: the monthly monitoring report (production volume, correction
 * rates with confidence intervals, ratings, latency and tokens per model and arm, the correction
 * trend, the rollout history, each candidate's return on investment) and A/B test reports. Each is
 * a self-contained HTML page with inline SVG charts, and the same numbers as JSON beside it
 * ({@code x.html} and {@code x.json}). Writing is atomic: a reader sees the old file or the new one.
 *
 * <pre>{@code
 * ReportFiles month = slabMl.reports().writeMonthlyReport(YearMonth.of(2026, 11));
 * ReportFiles ab = slabMl.reports().writeAbTestReport(abResult, Path.of("ab.html"));
 * }</pre>
 *
 * @since 0.2
 */
public interface Reports {
    /** Months of correction-rate trend the monthly report shows unless asked otherwise. */
    int DEFAULT_TREND_MONTHS = 6;

    /**
     * Writes the monthly report of {@code month} to {@code html}, and its JSON beside it.
     *
     * @param month the month (UTC) to report on
     * @param trendMonths months of correction-rate trend to show, this month included (1 to 120)
     * @param html where to write the HTML page ({@code x.html}; the JSON goes to {@code x.json}); its
     *     parent directories are created
     * @return the files written
     * @throws InvalidInputException naming {@code trend_months} when it is outside 1 to 120
     * @throws StoreException when the production log cannot be read or a file cannot be written
     */
    ReportFiles writeMonthlyReport(YearMonth month, int trendMonths, Path html);

    /**
     * Writes the monthly report of {@code month}, with {@value #DEFAULT_TREND_MONTHS} months of
     * trend, as {@code evaluation_results/reports/monthly_report_YYYYMM.html} (and {@code .json})
     * under the data directory, replacing an earlier report of that month.
     *
     * @param month the month (UTC) to report on
     * @return the files written
     * @throws StoreException when the production log cannot be read or a file cannot be written
     */
    ReportFiles writeMonthlyReport(YearMonth month);

    /**
     * Writes an A/B test report to {@code html}, and its JSON beside it.
     *
     * @param result the A/B test, as {@link ModelEvaluator#abTest} returns it
     * @param html where to write the HTML page ({@code x.html}; the JSON goes to {@code x.json}); its
     *     parent directories are created
     * @return the files written
     * @throws StoreException when a file cannot be written
     */
    ReportFiles writeAbTestReport(AbTestResult result, Path html);

    /**
     * Writes an A/B test report as {@code evaluation_results/reports/ab_test_<time>.html} (and
     * {@code .json}) under the data directory; a second report of the same second gets a suffix.
     *
     * @param result the A/B test, as {@link ModelEvaluator#abTest} returns it
     * @return the files written
     * @throws StoreException when a file cannot be written
     */
    ReportFiles writeAbTestReport(AbTestResult result);
}
