/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.YearMonth;
import java.util.List;

/**
 * A month of production use: per model, and per model and arm; the previous month's numbers for
 * comparison when there are any.
 */
public record MonthlyAnalysis(
    YearMonth month, long totalPredictions, List<ModelMonthStats> perModel, List<ModelMonthStats> perModelAndArm,
    List<ModelMonthStats> previousMonth) {

    public MonthlyAnalysis {
        perModel = List.copyOf(perModel);
        perModelAndArm = List.copyOf(perModelAndArm);
        previousMonth = List.copyOf(previousMonth);
    }
}