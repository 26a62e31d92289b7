/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.ExportResult;
import java.util.Objects;

/**
 * An export's result plus what it did to the data: the quality analysis (duplicates, conflicts and
 * how they were resolved, diversity) and the redactions made.
 *
 * @param result what the API reports
 * @param quality duplicates, conflicts and diversity of the samples that passed the confidence filter
 * @param samplesRedacted exported samples whose text redaction changed
 * @param emailsRedacted e-mail addresses replaced
 * @param phonesRedacted phone numbers replaced
 */
record ExportDetails(ExportResult result, QualitySummary quality, long samplesRedacted,
                            long emailsRedacted, long phonesRedacted) {
    public ExportDetails {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(quality, "quality");
    }
}
