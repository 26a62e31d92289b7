/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.spring;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.UserCorrection;
import com.slabstak.slabml.core.SlabMl;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's endpoints.
 *
 * <pre>{@code
 * POST /cards/identify     {"ocrText": "...", "userId": "u1"}                  -> the card, the model and arm that answered
 * POST /cards/corrections  {"ocrText": "...", "userId": "u1", "original": {...}, "corrected": {...}} -> 202, the sample id
 * GET  /rollout            -> the card task's deployment
 * PUT  /rollout            {"candidateModel": "ft:...", "percent": 20}     -> starts or moves the rollout
 * }</pre>
 */
@RestController
public class CardController {
    private final SlabMl ml;

    /**
     * Creates the controller.
     *
     * @param ml the auto-configured SlabML bean
     */
    public CardController(SlabMl ml) {
        this.ml = ml;
    }

    /** What a client sends to identify a card. @param ocrText the OCR text @param userId who asks */
    public record IdentifyRequest(String ocrText, String userId) {
    }

    /**
     * A user's correction of an identified card.
     *
     * @param ocrText the OCR text
     * @param userId who corrected it
     * @param original what the service answered
     * @param corrected what the card is
     */
    public record CorrectionRequest(String ocrText, String userId, Map<String, Object> original,
                                    Map<String, Object> corrected) {
    }

    /** A rollout step. @param candidateModel the fine-tuned model @param percent its share of traffic, 0-100 */
    public record RolloutRequest(String candidateModel, int percent) {
    }

    /**
     * Identifies a card.
     *
     * @param request the OCR text and the user
     * @return the card with the model and arm that answered it
     */
    @PostMapping("/cards/identify")
    public Map<String, Object> identify(@RequestBody IdentifyRequest request) {
        RequestContext context = request.userId() == null ? RequestContext.none()
            : RequestContext.forSubject(request.userId());
        Prediction<CardData> p = ml.models().identifyCard(required("ocrText", request.ocrText()), context);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("card", p.value().toMap());
        body.put("model", p.metadata().modelUsed());
        body.put("arm", p.metadata().arm().value());
        p.metadata().fallbackReason().ifPresent(r -> body.put("fallbackReason", r));
        return body;
    }

    /**
     * Takes a user's correction as a training sample.
     *
     * @param request what was answered and what is right
     * @return 202 with the stored sample's id
     */
    @PostMapping("/cards/corrections")
    public ResponseEntity<Map<String, Object>> correct(@RequestBody CorrectionRequest request) {
        UserCorrection correction = UserCorrection.builder()
            .ocrText(required("ocrText", request.ocrText()))
            .userId(required("userId", request.userId()))
            .original(CardData.fromMap(required("original", request.original())))
            .corrected(CardData.fromMap(required("corrected", request.corrected())))
            .build();
        Sample stored = ml.collector().collectUserCorrection(correction);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("sampleId", stored.id().orElseThrow(),
            "correctedFields", stored.correctedFields()));
    }

    /** @return the card task's deployment: base model, candidate, rollout percentage */
    @GetMapping("/rollout")
    public Map<String, Object> rollout() {
        return deployment(ml.registry().deployment(TaskName.CARD_IDENTIFICATION));
    }

    /**
     * Starts a rollout of a candidate, or moves the current one.
     *
     * @param request the candidate and its share of traffic
     * @return the deployment after the change
     */
    @PutMapping("/rollout")
    public Map<String, Object> rollout(@RequestBody RolloutRequest request) {
        Deployment current = ml.registry().deployment(TaskName.CARD_IDENTIFICATION);
        String candidate = required("candidateModel", request.candidateModel());
        Deployment next = current.candidateModel().filter(candidate::equals).isPresent()
            ? ml.registry().setRolloutPercent(TaskName.CARD_IDENTIFICATION, request.percent(), "rollout over HTTP")
            : ml.registry().startRollout(TaskName.CARD_IDENTIFICATION, candidate, request.percent(), "rollout over HTTP");
        return deployment(next);
    }

    /**
     * Answers bad input with 400 naming the field.
     *
     * @param e the error
     * @return the field and the problem
     */
    @ExceptionHandler(InvalidInputException.class)
    public ResponseEntity<Map<String, String>> badInput(InvalidInputException e) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }

    private static Map<String, Object> deployment(Deployment d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("baseModel", d.baseModel());
        d.candidateModel().ifPresent(c -> body.put("candidateModel", c));
        body.put("rolloutPercent", d.rolloutPercent());
        return body;
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }
}
