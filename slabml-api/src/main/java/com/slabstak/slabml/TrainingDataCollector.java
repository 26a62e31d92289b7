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
 * <p>Retrying is safe when the caller names the sample: every collect method takes a sample id
 * (in {@link Sample#id()}, or as the first argument of the convenience methods), and a store keeps
 * at most one sample per id and task. Retry a failed call with the same id: if the first attempt was
 * stored after all (a {@link StoreException} with outcome {@link StoreException.Outcome#UNKNOWN}),
 * the retry acknowledges it instead of storing it twice. Without an id, the collector assigns a
 * random one and a retry stores a second sample.
 *
 * <pre>{@code
 * TrainingDataCollector collector = slabMl.collector();
 * collector.collectCardIdentification("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5", card);
 * System.out.println(collector.stats().totalSamples());
 * }</pre>
 *
 * @since 0.1
 */
public interface TrainingDataCollector {

    /**
     * Stores one sample, assigning its id and time when unset, and returns it as stored.
     *
     * @throws InvalidInputException if the task rejects the input or output; nothing is stored
     * @param sample the sample
     * @return the sample
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
     * @param sample the sample
     * @return a future of the sample
     */
    default CompletableFuture<Sample> collectAsync(Sample sample) {
        return CompletableFuture.completedFuture(collect(sample));
    }

    /**
     * Returns totals, average confidence and readiness of what was collected.
     *
     * @return totals, average confidence and readiness of what was collected
     */
    DatasetStats stats();

    /**
     * Returns the statistics of one task's samples: its total, sources, average confidence,
     * readiness, duplicates, conflicts and what its data covers ({@link DatasetStats#diversity()},
     * whose warnings here do not repeat the task's name).
     *
     * <pre>{@code
     * Diversity d = collector.stats(TaskName.CARD_IDENTIFICATION).diversity();
     * }</pre>
     *
     * @param task the task
     * @return the task's statistics
     * @throws InvalidInputException naming {@code task} when there is no such task
     * @throws StoreException when the samples cannot be read
     * @since 0.2
     */
    DatasetStats stats(TaskName task);

    /**
     * Stores a validated scan: OCR text and the card data the user confirmed, with confidence 1.
     *
     * @param ocrText the OCR text
     * @param correct the card data the user confirmed
     * @return the sample
     */
    default Sample collectCardIdentification(String ocrText, CardData correct) {
        return collectCardIdentification(ocrText, correct, 1.0);
    }

    /**
     * Stores a validated scan with the given confidence (0-1).
     *
     * @param ocrText the ocr text
     * @param correct the correct
     * @param confidence the confidence
     * @return the sample
     */
    default Sample collectCardIdentification(String ocrText, CardData correct, double confidence) {
        return collectCardIdentification(null, ocrText, correct, confidence);
    }

    /**
     * Stores a validated scan under the caller's sample id, so that retrying the call is safe.
     *
     * <pre>{@code
     * collector.collectCardIdentification("scan-" + scanId, ocrText, card, 1.0);
     * }</pre>
     *
     * @param sampleId the sample's id, unique within the task (for example the scan's id); {@code null} assigns one
     * @param ocrText the OCR text
     * @param correct the card data the user confirmed
     * @param confidence the confidence, 0-1
     * @return the sample as stored
     * @throws InvalidInputException if the input or output is invalid; nothing is stored
     * @throws StoreException if the store failed; see {@link StoreException#outcome()}
     * @since 0.2
     */
    default Sample collectCardIdentification(String sampleId, String ocrText, CardData correct, double confidence) {
        Objects.requireNonNull(ocrText, "ocrText");
        Objects.requireNonNull(correct, "correct");
        return collect(Sample.builder()
            .id(sampleId)
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
     *
     * @param correction the correction
     * @return the sample
     */
    default Sample collectUserCorrection(UserCorrection correction) {
        return collectUserCorrection(null, correction);
    }

    /**
     * Stores a user's correction under the caller's sample id, so that retrying the call is safe.
     *
     * <pre>{@code
     * collector.collectUserCorrection("correction-" + correctionId, correction);
     * }</pre>
     *
     * @param sampleId the sample's id, unique within the task; {@code null} assigns one
     * @param correction the correction
     * @return the sample as stored
     * @throws InvalidInputException if the correction is invalid; nothing is stored
     * @throws StoreException if the store failed; see {@link StoreException#outcome()}
     * @since 0.2
     */
    default Sample collectUserCorrection(String sampleId, UserCorrection correction) {
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
            .id(sampleId)
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

    /**
     * Stores a listing the user accepted (or edited) for the given card, platform and tone.
     *
     * @param request the request
     * @param listing the listing
     * @param confidence the confidence
     * @return the sample
     */
    default Sample collectListing(ListingRequest request, Listing listing, double confidence) {
        return collectListing(null, request, listing, confidence);
    }

    /**
     * Stores an accepted listing under the caller's sample id, so that retrying the call is safe.
     *
     * <pre>{@code
     * collector.collectListing("listing-" + listingId, request, listing, 1.0);
     * }</pre>
     *
     * @param sampleId the sample's id, unique within the task; {@code null} assigns one
     * @param request what the listing was generated for
     * @param listing the listing the user accepted
     * @param confidence the confidence, 0-1
     * @return the sample as stored
     * @throws InvalidInputException if the input or output is invalid; nothing is stored
     * @throws StoreException if the store failed; see {@link StoreException#outcome()}
     * @since 0.2
     */
    default Sample collectListing(String sampleId, ListingRequest request, Listing listing, double confidence) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listing, "listing");
        return collect(Sample.builder()
            .id(sampleId)
            .task(TaskName.LISTING_GENERATION)
            .source(SampleSource.VALIDATED)
            .input(request.toInput())
            .output(listing.toMap())
            .confidence(confidence)
            .build());
    }

    /**
     * Stores a hand-written sample for any task, for example while bootstrapping a dataset.
     *
     * @param task the task
     * @param input the input
     * @param output the output
     * @return the sample
     */
    default Sample addManualSample(TaskName task, Map<String, Object> input, Map<String, Object> output) {
        return addManualSample(null, task, input, output);
    }

    /**
     * Stores a hand-written sample under the caller's sample id, so that retrying the call is safe.
     *
     * <pre>{@code
     * collector.addManualSample("seed-001", TaskName.CARD_IDENTIFICATION, input, output);
     * }</pre>
     *
     * @param sampleId the sample's id, unique within the task; {@code null} assigns one
     * @param task the task
     * @param input the input
     * @param output the expected output
     * @return the sample as stored
     * @throws InvalidInputException if the input or output is invalid; nothing is stored
     * @throws StoreException if the store failed; see {@link StoreException#outcome()}
     * @since 0.2
     */
    default Sample addManualSample(String sampleId, TaskName task, Map<String, Object> input, Map<String, Object> output) {
        Objects.requireNonNull(task, "task");
        return collect(Sample.builder()
            .id(sampleId)
            .task(task)
            .source(SampleSource.MANUAL)
            .input(input)
            .output(output)
            .build());
    }
}