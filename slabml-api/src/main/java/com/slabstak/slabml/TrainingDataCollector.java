/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Collects what users confirm or correct as training samples, and reports how ready the dataset is.
 * Samples are stored as structured data; prompts are applied at export.
 *
 * {@code
 * TrainingDataCollector collector = slabMl.collector();
 * collector.collectCardIdentification("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5", card);
 * System.out.println(collector.stats().totalSamples());
 * }
 */
public interface TrainingDataCollector {

    /**
     * Stores one sample, assigning its id and time when unset, and returns it as stored.
     *
     * @throws InvalidInputException if the task rejects the input or output; nothing is stored
     */
    Sample collect(Sample sample);

    /**
     * Stores one sample like {@link #collect} without waiting for the store's acknowledgement: the
     * input is checked and the sample handed to the store before this returns; the future completes
     * with the sample as stored once the store acknowledged it (under {@code BATCH} durability: once
     * it is on disk). Use it where a thread per waiting request is too dear, and answer the user
     * when the future completes.
     *
     * <p>The default calls {@link #collect} and returns a completed future.
     *
     * @throws InvalidInputException if the task rejects the input or output; nothing is stored
     * @throws StoreException if the store refuses the sample (queue full, closed); nothing is stored
     */
    default CompletableFuture<Sample> collectAsync(Sample sample) {
        return CompletableFuture.completedFuture(collect(sample));
    }

    /** Returns totals, average confidence and readiness of what was collected. */
    DatasetStats stats();

    /** Stores a validated scan: OCR text and the card data the user confirmed, with confidence 1. */
    default Sample collectCardIdentification(String ocrText, CardData correct) {
        return collectCardIdentification(ocrText, correct, 1.0);
    }

    /** Stores a validated scan with the given confidence (0-1). */
    default Sample collectCardIdentification(String ocrText, CardData correct, double confidence) {
        Objects.requireNonNull(ocrText, "ocrText");
        Objects.requireNonNull(correct, "correct");
        return collect(Sample.builder()
            .task(TaskName.CARD_IDENTIFICATION)
            .source(SampleSource.VALIDATED)
            .putInput("ocr_text", ocrText)
            .output(correct.toMap())
            .confidence(confidence)
            .build());
    }

    /**
     * Stores a user's correction: the corrected card becomes the training answer, the original and
     * the changed fields are kept for monitoring.
     */
    default Sample collectUserCorrection(UserCorrection correction) {
        Objects.requireNonNull(correction, "correction");
        java.util.List<String> changed = correction.correctedFields();
        if (changed.isEmpty()) {
            changed = new java.util.ArrayList<>();
            for (String f : CardData.FIELDS) {
                if (!Objects.equals(correction.original().get(f), correction.corrected().get(f))) {
                    changed.add(f);
                }
            }
        } else {
            for (String f : changed) {
                if (!CardData.FIELDS.contains(f)) {
                    throw new InvalidInputException("corrected_fields", "unknown card field '" + f + "'");
                }
            }
        }
        return collect(Sample.builder()
            .task(TaskName.CARD_IDENTIFICATION)
            .source(SampleSource.CORRECTION)
            .putInput("ocr_text", correction.ocrText())
            .output(correction.corrected().toMap())
            .original(correction.original().toMap())
            .correctedFields(changed)
            .userId(correction.userId())
            .confidence(correction.confidence())
            .build());
    }

    /** Stores a listing the user accepted (or edited) for the given card, platform and tone. */
    default Sample collectListing(ListingRequest request, Listing listing, double confidence) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listing, "listing");
        return collect(Sample.builder()
            .task(TaskName.LISTING_GENERATION)
            .source(SampleSource.VALIDATED)
            .input(request.toInput())
            .output(listing.toMap())
            .confidence(confidence)
            .build());
    }

    /** Stores a hand-written sample for any task, for example while bootstrapping a dataset. */
    default Sample addManualSample(TaskName task, Map<String, Object> input, Map<String, Object> output) {
        Objects.requireNonNull(task, "task");
        return collect(Sample.builder()
            .task(task)
            .source(SampleSource.MANUAL)
            .input(input)
            .output(output)
            .build());
    }
}