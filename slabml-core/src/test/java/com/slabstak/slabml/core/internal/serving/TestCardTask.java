/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JsonSchema;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small card identification task for serving tests: OCR text in, card fields out. Parses the
 * first JSON object in an answer (inside code fences or other text) through {@link CardData}.
 */
final class TestCardTask implements Task {
    static final JsonSchema SCHEMA = new JsonSchema("card", "{\"type\":\"object\"}", true);

    @Override
    public TaskName name() {
        return TaskName.CARD_IDENTIFICATION;
    }

    @Override
    public List<ChatMessage> prompt(Map<String, Object> input) {
        validateInput(input);
        return List.of(ChatMessage.system("Identify the card. Answer JSON."),
            ChatMessage.user((String) input.get("ocr_text")));
    }

    @Override
    public String answer(Map<String, Object> output) {
        return Json.write(output);
    }

    @Override
    public Map<String, Object> parse(String answer) {
        int open = answer.indexOf('{');
        int close = answer.lastIndexOf('}');
        if (open < 0 || close < open) {
            throw new InvalidAnswerException("no JSON object in the answer");
        }
        try {
            return CardData.fromMap(Json.readObject(answer.substring(open, close + 1))).toMap();
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new InvalidAnswerException("answer is not card data: " + e.getMessage(), e);
        }
    }

    @Override
    public void validateInput(Map<String, Object> input) {
        Object ocr = input.get("ocr_text");
        if (!(ocr instanceof String) || ((String) ocr).isBlank()) {
            throw new InvalidInputException("ocr_text", "must be non-blank text");
        }
    }

    @Override
    public void validateOutput(Map<String, Object> output) {
        CardData.fromMap(output);
    }

    @Override
    public List<String> fields() {
        return CardData.CORE_FIELDS;
    }

    @Override
    public Optional<JsonSchema> responseSchema() {
        return Optional.of(SCHEMA);
    }
}
