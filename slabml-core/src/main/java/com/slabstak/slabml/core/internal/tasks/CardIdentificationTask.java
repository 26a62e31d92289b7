/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JsonSchema;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.internal.Normalizers;
import com.slabstak.slabml.spi.FieldComparator;
import com.slabstak.slabml.spi.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card identification: OCR text of a graded card's label in, {@link CardData} fields out. The
 * model answers one JSON object; {@link #parse} accepts it inside code fences or surrounded by
 * text, numbers for text fields ({@code 9.5}) and {@code null} for unknown fields. Internal.
 *
 * {@code List<ChatMessage> m = new CardIdentificationTask().prompt(Map.of("ocr_text", "2018 TOPPS ..."));}
 */
public final class CardIdentificationTask implements Task {
    /** The input field: the OCR text. */
    public static final String OCR_TEXT = "ocr_text";

    static final String SYSTEM_PROMPT = String.join("\n",
        "You identify sports trading cards from the OCR text of a graded card's label and the card itself.",
        "Answer with one JSON object and nothing else. Use these fields:",
        "- player: the player's full name (required)",
        "- year: the card's year or season, e.g. \"2018\" or \"2018-19\" (required)",
        "- brand: the manufacturer or product line, e.g. \"Topps\", \"Panini Prizm\" (required)",
        "- card_number: the number printed on the card, without '#'",
        "- grade: the numeric grade, e.g. \"9.5\" or \"10\"",
        "- grading_company: PSA, BGS, SGC or CGC",
        "- set: the set or subset name",
        "- sport: baseball, basketball, football, hockey, soccer, ...",
        "- team: the player's team on the card",
        "- variant: parallel or refractor name, e.g. \"Silver Prizm\"",
        "- serial_number: the print run number such as \"12/99\"",
        "- rookie: true if it is a rookie card",
        "- autograph: true if the card is autographed",
        "- cert_number: the grading company's certification number",
        "Use null for a field the text does not show. Correct obvious OCR errors (0/O, 1/l, 5/S).");

    private static final JsonSchema SCHEMA = new JsonSchema("card_data", schemaJson(), true);
    /** Card fields compared in their canonical forms; flags count an absent value as false. */
    private static final Map<String, FieldComparator> COMPARATORS = Map.of(
        "player", Normalizers.comparing(CardNormalizers::playerName),
        "year", Normalizers.comparing(CardNormalizers::year),
        "card_number", Normalizers.comparing(CardNormalizers::cardNumber),
        "grade", Normalizers.comparing(CardNormalizers::grade),
        "grading_company", Normalizers.comparing(CardNormalizers::gradingCompany),
        "serial_number", Normalizers.comparing(CardNormalizers::cardNumber),
        "cert_number", Normalizers.comparing(CardNormalizers::cardNumber),
        "rookie", CardIdentificationTask::sameFlag,
        "autograph", CardIdentificationTask::sameFlag);
    /** The card dimensions a dataset's coverage is counted on, and those that warn when single-valued. */
    private static final List<String> DIVERSITY = List.of("sport", "year", "brand", "grading_company");
    static final List<String> DIVERSITY_WARNINGS = List.of("sport", "year", "brand");
    private static final Pattern YEAR = Pattern.compile("(?<!\\d)(1[89]\\d\\d|20\\d\\d)(?!\\d)");

    @Override
    public TaskName name() {
        return TaskName.CARD_IDENTIFICATION;
    }

    @Override
    public List<ChatMessage> prompt(Map<String, Object> input) {
        validateInput(input);
        return List.of(ChatMessage.system(SYSTEM_PROMPT),
            ChatMessage.user("OCR text:\n" + ((String) input.get(OCR_TEXT)).strip()));
    }

    @Override
    public String answer(Map<String, Object> output) {
        validateOutput(output);
        return Json.write(CardData.fromMap(output).toMap());
    }

    @Override
    public Map<String, Object> parse(String answer) {
        Map<String, Object> raw = Answers.object(answer);
        try {
            return CardData.fromMap(raw).toMap();
        } catch (InvalidInputException e) {
            throw new InvalidAnswerException("card answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void validateInput(Map<String, Object> input) {
        Inputs.requireKnownFields(input, List.of(OCR_TEXT));
        Object ocr = input.get(OCR_TEXT);
        if (!(ocr instanceof String)) {
            throw new InvalidInputException(OCR_TEXT, "is required text");
        }
        if (((String) ocr).isBlank()) {
            throw new InvalidInputException(OCR_TEXT, "must not be blank");
        }
    }

    @Override
    public void validateOutput(Map<String, Object> output) {
        Objects.requireNonNull(output, "output");
        CardData.fromMap(output);
    }

    @Override
    public List<String> fields() {
        return CardData.FIELDS;
    }

    @Override
    public List<String> headlineFields() {
        return CardData.CORE_FIELDS;
    }

    @Override
    public Optional<JsonSchema> responseSchema() {
        return Optional.of(SCHEMA);
    }

    @Override
    public int minimumSamples() {
        return 50;
    }

    /** The card is the output: samples naming the same card share a side of the split. */
    @Override
    public Object splitKey(Map<String, Object> input, Map<String, Object> output) {
        return output;
    }

    /** Sport, year (its first four-digit year), brand and grading company of the card answered. */
    @Override
    public Map<String, String> diversity(Map<String, Object> input, Map<String, Object> output) {
        return cardDiversity(output);
    }

    @Override
    public List<String> diversityWarnings() {
        return DIVERSITY_WARNINGS;
    }

    @Override
    public Map<String, FieldComparator> fieldComparators() {
        return COMPARATORS;
    }

    /** The coverage values of a card's fields (shared with the listing task, whose input holds a card). */
    static Map<String, String> cardDiversity(Map<?, ?> card) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String dimension : DIVERSITY) {
            Object v = card.get(dimension);
            if (v == null) {
                continue;
            }
            if (dimension.equals("year")) {
                Matcher m = YEAR.matcher(v.toString());
                if (m.find()) {
                    values.put(dimension, m.group(1));
                }
            } else {
                values.put(dimension, v.toString());
            }
        }
        return values;
    }

    /** Flags compare as true/false, an absent flag counting as false. */
    private static boolean sameFlag(Object predicted, Object truth) {
        String p = Normalizers.asText(predicted);
        String t = Normalizers.asText(truth);
        return Normalizers.flag(p == null ? "false" : p).equals(Normalizers.flag(t == null ? "false" : t));
    }

    private static String schemaJson() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String f : CardData.FIELDS) {
            boolean required = f.equals("player") || f.equals("year") || f.equals("brand");
            boolean flag = f.equals("rookie") || f.equals("autograph");
            Object type = required ? "string" : List.of(flag ? "boolean" : "string", "null");
            properties.put(f, Map.of("type", type));
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", new ArrayList<>(CardData.FIELDS));
        schema.put("additionalProperties", false);
        return Json.write(schema);
    }

    @Override
    public String toString() {
        return "CardIdentificationTask";
    }
}
