/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.List;
import java.util.Map;

/**
 * Serves predictions: picks the model for each request (base or fine-tuned, by the task's
 * deployment and the subject's sticky bucket), calls it, falls back to the base model when the
 * fine-tuned one fails, and puts what happened into every result's metadata.
 *
 * <pre>{@code
 * Prediction<CardData> p = slabMl.models().identifyCard("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10",
 *     RequestContext.forSubject(userId));
 * boolean tuned = p.metadata().finetuned();
 * }</pre>
 *
 * @since 0.1
 */
public interface ModelManager {

    /**
     * Runs one task on one input.
     *
     * @throws InvalidInputException if the task does not know the input
     * @throws ProviderException if the model and its fallback both failed
     * @param task the task
     * @param input the input
     * @param context the context
     * @return the prediction
     */
    Prediction<Map<String, Object>> predict(TaskName task, Map<String, Object> input, RequestContext context);

    /**
     * Returns the model that serves {@code task} for a request without subject at 100% rollout.
     *
     * @param task the task
     * @return the model that serves {@code task} for a request without subject at 100% rollout
     */
    String activeModel(TaskName task);

    /**
     * Runs the same input through each model {@code runs} times and reports agreement, latency,
     * tokens and cost per model.
     *
     * @param task the task
     * @param input the input
     * @param models the models
     * @param runs the runs
     * @return the model comparison
     */
    ModelComparison compareModels(TaskName task, Map<String, Object> input, List<String> models, int runs);

    /**
     * Compares the task's base model with its candidate (or fine-tuned) model.
     *
     * @param task the task
     * @param input the input
     * @param runs the runs
     * @return the model comparison
     */
    ModelComparison compareModels(TaskName task, Map<String, Object> input, int runs);

    /**
     * Identifies a card from OCR text.
     *
     * @param ocrText the ocr text
     * @param context the context
     * @return the prediction
     */
    default Prediction<CardData> identifyCard(String ocrText, RequestContext context) {
        java.util.Objects.requireNonNull(ocrText, "ocrText");
        Prediction<Map<String, Object>> p =
            predict(TaskName.CARD_IDENTIFICATION, Map.of("ocr_text", ocrText), context);
        return new Prediction<>(CardData.fromMap(p.value()), p.metadata());
    }

    /**
     * Identifies a card from OCR text, for a request without subject.
     *
     * @param ocrText the ocr text
     * @return the prediction
     */
    default Prediction<CardData> identifyCard(String ocrText) {
        return identifyCard(ocrText, RequestContext.none());
    }

    /**
     * Writes a listing for a card on a platform, in a tone.
     *
     * @param request the request
     * @param context the context
     * @return the prediction
     */
    default Prediction<Listing> generateListing(ListingRequest request, RequestContext context) {
        java.util.Objects.requireNonNull(request, "request");
        Prediction<Map<String, Object>> p = predict(TaskName.LISTING_GENERATION, request.toInput(), context);
        return new Prediction<>(Listing.fromMap(p.value()), p.metadata());
    }

    /**
     * Writes a listing, for a request without subject.
     *
     * @param request the request
     * @return the prediction
     */
    default Prediction<Listing> generateListing(ListingRequest request) {
        return generateListing(request, RequestContext.none());
    }
}