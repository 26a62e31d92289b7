/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.ValidationReport;
import java.nio.file.Path;

/**
 * Validates a fine-tuning file before it is uploaded; in production the dataset validator's
 * {@code validate} method.
 *
 * {@code DatasetCheck check = new DatasetValidator()::validate;}
 */
@FunctionalInterface
public interface DatasetCheck {
    /**
     * Returns the findings for {@code file} as a training file for {@code model}; a {@code null}
     * model checks the format and the provider's file limits only, with estimated token counts.
     */
    ValidationReport validate(Path file, String model);
}
