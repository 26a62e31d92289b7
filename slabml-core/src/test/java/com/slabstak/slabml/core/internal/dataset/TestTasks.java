/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.internal.tasks.CardIdentificationTask;
import com.slabstak.slabml.core.internal.tasks.ListingGenerationTask;
import com.slabstak.slabml.spi.Task;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small tasks for the dataset tests: card identification and listings, rendered simply; the split
 * key and the coverage dimensions are the built-in tasks'.
 */
final class TestTasks {
    private TestTasks() {
    }

    static final class Cards implements Task {
        private static final Task BUILT_IN = new CardIdentificationTask();

        @Override
        public Object splitKey(Map<String, Object> input, Map<String, Object> output) {
            return BUILT_IN.splitKey(input, output);
        }

        @Override
        public Map<String, String> diversity(Map<String, Object> input, Map<String, Object> output) {
            return BUILT_IN.diversity(input, output);
        }

        @Override
        public List<String> diversityWarnings() {
            return BUILT_IN.diversityWarnings();
        }
        @Override
        public TaskName name() {
            return TaskName.CARD_IDENTIFICATION;
        }

        @Override
        public List<ChatMessage> prompt(Map<String, Object> input) {
            validateInput(input);
            return List.of(ChatMessage.system("You identify sports cards from OCR text. Answer with JSON."),
                ChatMessage.user("OCR text: " + input.get("ocr_text")));
        }

        @Override
        public String answer(Map<String, Object> output) {
            return Json.write(new TreeMap<>(output));
        }

        @Override
        public Map<String, Object> parse(String answer) {
            return Json.readObject(answer);
        }

        @Override
        public void validateInput(Map<String, Object> input) {
            Object ocr = input.get("ocr_text");
            if (!(ocr instanceof String) || ((String) ocr).isBlank()) {
                throw new InvalidInputException("ocr_text", "must not be blank");
            }
        }

        @Override
        public void validateOutput(Map<String, Object> output) {
        }

        @Override
        public List<String> fields() {
            return CardData.CORE_FIELDS;
        }
    }

    static final class Listings implements Task {
        private static final Task BUILT_IN = new ListingGenerationTask();

        @Override
        public Object splitKey(Map<String, Object> input, Map<String, Object> output) {
            return BUILT_IN.splitKey(input, output);
        }

        @Override
        public Map<String, String> diversity(Map<String, Object> input, Map<String, Object> output) {
            return BUILT_IN.diversity(input, output);
        }

        @Override
        public List<String> diversityWarnings() {
            return BUILT_IN.diversityWarnings();
        }
        @Override
        public TaskName name() {
            return TaskName.LISTING_GENERATION;
        }

        @Override
        public List<ChatMessage> prompt(Map<String, Object> input) {
            return List.of(ChatMessage.system("You write marketplace listings for sports cards."),
                ChatMessage.user("Card: " + Json.write(input.get("card")) + "\nPlatform: " + input.get("platform")
                    + "\nTone: " + input.get("tone")));
        }

        @Override
        public String answer(Map<String, Object> output) {
            return output.get("title") + "\n\n" + output.get("description");
        }

        @Override
        public Map<String, Object> parse(String answer) {
            return Map.of("title", answer);
        }

        @Override
        public void validateInput(Map<String, Object> input) {
        }

        @Override
        public void validateOutput(Map<String, Object> output) {
        }

        @Override
        public List<String> fields() {
            return List.of("title", "description");
        }

        @Override
        public String group(Map<String, Object> input) {
            return input.get("platform") + "/" + input.get("tone");
        }

        @Override
        public int minimumSamples() {
            return 30;
        }
    }
}
