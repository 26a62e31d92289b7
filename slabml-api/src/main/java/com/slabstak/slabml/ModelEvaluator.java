/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * Measures models: accuracy against ground truth, paired A/B tests with significance, production
 * tracking and monthly analysis, listing quality. Results are also written under
 * {@code evaluation_results/}.
 *
 * <pre>{@code
 * AccuracyReport r = slabMl.evaluator().evaluateCardIdentification(predictions, truth);
 * double exact = r.exactMatch().rate();
 * }</pre>
 *
 * @since 0.1
 */
public interface ModelEvaluator {

    /**
     * Compares predictions with ground truth, item by item, over the task's fields.
     *
     * @throws InvalidInputException if the lists differ in length or are empty
     * @param task the task
     * @param predictions the predictions
     * @param truth the truth
     * @return the accuracy report
     */
    AccuracyReport evaluate(TaskName task, List<Map<String, Object>> predictions, List<Map<String, Object>> truth);

    /**
     * Compares two models' predictions on the same items against ground truth, with McNemar's test.
     *
     * @param task the task
     * @param resultsA the results a
     * @param resultsB the results b
     * @param truth the truth
     * @param nameA the name a
     * @param nameB the name b
     * @return the ab test result
     */
    AbTestResult abTest(TaskName task, List<Map<String, Object>> resultsA, List<Map<String, Object>> resultsB,
        List<Map<String, Object>> truth, String nameA, String nameB);

    /**
     * Records one production prediction and the user's reaction; returns without blocking on disk.
     *
     * @param record the record
     */
    void trackProduction(ProductionRecord record);

    /**
     * Analyses one month of production records.
     *
     * @param month the month
     * @return the monthly analysis
     */
    MonthlyAnalysis analyzeMonth(YearMonth month);

    /**
     * Scores a generated listing for the card and platform it was written for. A typed
     * convenience of the listing task: an evaluator that does not score listings need not
     * implement it.
     *
     * @param listing the generated listing
     * @param request the card, platform and tone it was written for
     * @return the score and the reasons points were lost
     * @throws UnsupportedOperationException if this evaluator does not score listings (the default)
     */
    default ListingQuality assessListing(Listing listing, ListingRequest request) {
        throw new UnsupportedOperationException(getClass().getName() + " does not score listings");
    }

    /**
     * Card-identification accuracy over {@link CardData#CORE_FIELDS} and the optional fields given.
     *
     * @param predictions the predictions
     * @param truth the truth
     * @return card-identification accuracy over {@link CardData#CORE_FIELDS} and the optional fields given
     */
    default AccuracyReport evaluateCardIdentification(List<CardData> predictions, List<CardData> truth) {
        return evaluate(TaskName.CARD_IDENTIFICATION, maps(predictions), maps(truth));
    }

    /**
     * A/B test of two models' card identifications.
     *
     * @param resultsA the results a
     * @param resultsB the results b
     * @param truth the truth
     * @param nameA the name a
     * @param nameB the name b
     * @return A/B test of two models' card identifications
     */
    default AbTestResult abTest(List<CardData> resultsA, List<CardData> resultsB, List<CardData> truth,
        String nameA, String nameB) {
        return abTest(TaskName.CARD_IDENTIFICATION, maps(resultsA), maps(resultsB), maps(truth), nameA, nameB);
    }

    private static List<Map<String, Object>> maps(List<CardData> cards) {
        java.util.Objects.requireNonNull(cards, "cards");
        return cards.stream().map(c -> c == null ? Map.<String, Object>of() : c.toMap()).toList();
    }
}