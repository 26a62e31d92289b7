/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.nio.file.Path;

/**
 * Turns collected samples into OpenAI chat fine-tuning JSONL: filters by confidence, removes
 * duplicates, renders each sample with its task's prompt, splits deterministically into training
 * and validation files, and validates what it wrote. A file with errors is never left behind.
 *
 * <pre>{@code
 * ExportResult r = slabMl.exporter().export(TaskName.CARD_IDENTIFICATION);
 * Path train = r.trainingFile();
 * }</pre>
 *
 * @since 0.1
 */
public interface DatasetExporter {

    /**
     * Exports one task's samples.
     *
     * @throws InvalidInputException if there is nothing to export or the result would not validate
     * @param request the request
     * @return the export result
     */
    ExportResult export(ExportRequest request);

    /**
     * Exports a task with the defaults: every sample, 10% held out for validation.
     *
     * @param task the task
     * @return the export result
     */
    default ExportResult export(TaskName task) {
        return export(ExportRequest.builder().task(task).build());
    }

    /**
     * Checks any chat fine-tuning JSONL file (ours or a user's) against what the provider accepts
     * for {@code model}, line by line.
     *
     * @param file the file
     * @param model the model
     * @return the validation report
     */
    ValidationReport validate(Path file, String model);
}