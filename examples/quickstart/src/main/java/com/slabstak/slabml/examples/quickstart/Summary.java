/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.quickstart;

import com.slabstak.slabml.Proportion;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a quickstart run showed: base and fine-tuned exact-match accuracy on held-out cards (with
 * Wilson 95% intervals), McNemar's p-value, whether the fine-tuned model won significantly, which
 * model serves at the end, and where the reports are.
 *
 * @param dataDirectory where the run kept its data
 * @param baseModel the base model
 * @param fineTunedModel the fine-tuned model
 * @param baseExactMatch base exact-match accuracy on the held-out cards
 * @param fineTunedExactMatch fine-tuned exact-match accuracy on the held-out cards
 * @param pValue McNemar's p-value of the paired comparison
 * @param fineTunedWins whether the fine-tuned model is the significant winner
 * @param servingModel the model serving card identification at the end
 * @param reportHtml the monthly HTML report
 * @param reportJson the monthly report's data as JSON
 * @param abTestHtml the A/B test's HTML report
 */
public record Summary(Path dataDirectory, String baseModel, String fineTunedModel, Proportion baseExactMatch,
                      Proportion fineTunedExactMatch, double pValue, boolean fineTunedWins, String servingModel,
                      Path reportHtml, Path reportJson, Path abTestHtml) {
    /** Checks the references. */
    public Summary {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(fineTunedModel, "fineTunedModel");
        Objects.requireNonNull(baseExactMatch, "baseExactMatch");
        Objects.requireNonNull(fineTunedExactMatch, "fineTunedExactMatch");
        Objects.requireNonNull(servingModel, "servingModel");
        Objects.requireNonNull(reportHtml, "reportHtml");
        Objects.requireNonNull(reportJson, "reportJson");
        Objects.requireNonNull(abTestHtml, "abTestHtml");
    }
}
