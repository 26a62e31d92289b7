/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.YearMonth;
import java.util.List;

/**
 * A month of production use: per model, and per model and arm; the previous month's numbers for
 * comparison when there are any.
 *
 * @param month the month
 * @param totalPredictions the records counted
 * @param perModel per model, every arm together, busiest first
 * @param perModelAndArm per model and arm, by model then arm
 * @param previousMonth the month before, per model
 * @param skippedRecords records of the month that could not be read (a damaged line, for example)
 *     and are not counted (since 0.2)
 * @since 0.1
 */
public record MonthlyAnalysis(
    YearMonth month, long totalPredictions, List<ModelMonthStats> perModel, List<ModelMonthStats> perModelAndArm,
    List<ModelMonthStats> previousMonth, long skippedRecords) {

    /**
     * Checks the components.
     *
     * @param month the month
     * @param totalPredictions the records counted
     * @param perModel per model, every arm together, busiest first
     * @param perModelAndArm per model and arm, by model then arm
     * @param previousMonth the month before, per model
     * @param skippedRecords records of the month that could not be read (a damaged line, for example)
     */
    public MonthlyAnalysis {
        perModel = List.copyOf(perModel);
        perModelAndArm = List.copyOf(perModelAndArm);
        previousMonth = List.copyOf(previousMonth);
    }

    /**
     * The 0.1 form, with nothing skipped.
     *
     * @param month the month
     * @param totalPredictions the records counted
     * @param perModel per model
     * @param perModelAndArm per model and arm
     * @param previousMonth the month before, per model
     */
    public MonthlyAnalysis(YearMonth month, long totalPredictions, List<ModelMonthStats> perModel,
        List<ModelMonthStats> perModelAndArm, List<ModelMonthStats> previousMonth) {
        this(month, totalPredictions, perModel, perModelAndArm, previousMonth, 0);
    }
}
