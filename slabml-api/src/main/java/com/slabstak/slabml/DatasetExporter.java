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
     * Exports one task's samples like {@link #export(ExportRequest)}, telling {@code progress} how
     * far it has come. The default reports nothing.
     *
     * @param request what to export
     * @param progress hears the steps {@code read}, {@code write} and {@code check}
     * @return the files written and what was checked
     * @throws InvalidInputException if there is nothing to export or the result would not validate
     */
    default ExportResult export(ExportRequest request, ProgressListener progress) {
        return export(request);
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

    /**
     * Checks a file like {@link #validate(Path, String)}, telling {@code progress} how many of the
     * file's bytes are checked (step {@code check}). The default reports nothing.
     *
     * @param file the JSONL file
     * @param model the model the file is for, or null for the provider's default model
     * @param progress hears the bytes checked
     * @return the findings, each with its line
     * @throws InvalidInputException if the file does not exist or the model is unknown
     */
    default ValidationReport validate(Path file, String model, ProgressListener progress) {
        return validate(file, model);
    }
}