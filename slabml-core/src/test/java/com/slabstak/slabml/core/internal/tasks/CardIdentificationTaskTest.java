/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JsonSchema;
import com.slabstak.slabml.core.internal.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardIdentificationTaskTest {
    private final CardIdentificationTask task = new CardIdentificationTask();

    @Test
    void prompt_ocrText_systemExplainsFieldsAndUserCarriesText() {
        // when
        List<ChatMessage> messages = task.prompt(Map.of("ocr_text", "  2018 TOPPS UPDATE #US250 SHOHEI OHTANI PSA 10 \n"));

        // then
        assertThat(messages).extracting(ChatMessage::role).containsExactly("system", "user");
        assertThat(messages.get(0).content()).contains("JSON object").contains("card_number").contains("grading_company")
            .contains("serial_number").contains("cert_number");
        assertThat(messages.get(1).content()).endsWith("2018 TOPPS UPDATE #US250 SHOHEI OHTANI PSA 10");
    }

    @Test
    void validateInput_blankOcrText_throwsNamingTheField() {
        assertThatThrownBy(() -> task.prompt(Map.of("ocr_text", "   ")))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("ocr_text"));
    }

    @Test
    void validateInput_missingOcrText_throwsNamingTheField() {
        assertThatThrownBy(() -> task.validateInput(Map.of()))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("ocr_text"));
    }

    @Test
    void validateInput_unknownField_throwsNamingIt() {
        assertThatThrownBy(() -> task.validateInput(Map.of("ocr_text", "x", "image", "y")))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("image"));
    }

    @Test
    void validateOutput_unknownField_throwsNamingIt() {
        assertThatThrownBy(() -> task.validateOutput(Map.of("player", "A", "year", "2020", "brand", "B", "colour", "red")))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("colour"));
    }

    @Test
    void validateOutput_missingPlayer_throwsNamingIt() {
        assertThatThrownBy(() -> task.validateOutput(Map.of("year", "2020", "brand", "B")))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("player"));
    }

    @Test
    void answer_output_isCompactJsonInFieldOrder() {
        // given
        Map<String, Object> output = new HashMap<>(Map.of("grade", "10", "player", "Shohei Ohtani", "brand", "Topps Update",
            "year", "2018", "rookie", true));

        // when
        String answer = task.answer(output);

        // then
        assertThat(answer).isEqualTo(
            "{\"player\":\"Shohei Ohtani\",\"year\":\"2018\",\"brand\":\"Topps Update\",\"grade\":\"10\",\"rookie\":true}");
    }

    @Test
    void parse_answerInFencesWithTextAroundAndNumbers_returnsCardFields() {
        // given
        String answer = "Sure! Here is the card:\n```json\n{\"player\": \"Mike Trout\", \"year\": 2011, "
            + "\"brand\": \"Topps Update\", \"card_number\": \"US175\", \"grade\": 9.5, \"grading_company\": \"BGS\", "
            + "\"team\": null, \"variant\": \"null\", \"rookie\": \"yes\"}\n```\nLet me know {if} you need more.";

        // when
        Map<String, Object> parsed = task.parse(answer);

        // then
        assertThat(parsed).containsExactly(
            Map.entry("player", "Mike Trout"), Map.entry("year", "2011"), Map.entry("brand", "Topps Update"),
            Map.entry("card_number", "US175"), Map.entry("grade", "9.5"), Map.entry("grading_company", "BGS"),
            Map.entry("rookie", true));
    }

    @Test
    void parse_gradeAsNumberOrText_givesSameText() {
        String asNumber = "{\"player\":\"A\",\"year\":\"2020\",\"brand\":\"B\",\"grade\":9.50}";
        String asText = "{\"player\":\"A\",\"year\":\"2020\",\"brand\":\"B\",\"grade\":\"9.5\"}";
        assertThat(task.parse(asNumber)).isEqualTo(task.parse(asText));
    }

    @Test
    void parse_braceInsideString_findsTheWholeObject() {
        Map<String, Object> parsed = task.parse("{\"player\":\"A }{ B\",\"year\":\"2020\",\"brand\":\"C\"}");
        assertThat(parsed).containsEntry("player", "A }{ B");
    }

    @Test
    void parse_unknownField_throwsInvalidAnswerNamingIt() {
        assertThatThrownBy(() -> task.parse("{\"player\":\"A\",\"year\":\"2020\",\"brand\":\"B\",\"price\":\"$20\"}"))
            .isInstanceOf(InvalidAnswerException.class)
            .hasMessageContaining("price");
    }

    @Test
    void parse_missingRequiredField_throwsInvalidAnswer() {
        assertThatThrownBy(() -> task.parse("{\"player\":\"A\",\"year\":\"2020\"}"))
            .isInstanceOf(InvalidAnswerException.class)
            .hasMessageContaining("brand");
    }

    @Test
    void parse_noJson_throwsInvalidAnswer() {
        assertThatThrownBy(() -> task.parse("I could not read the card."))
            .isInstanceOf(InvalidAnswerException.class)
            .hasMessageContaining("no JSON object");
        assertThatThrownBy(() -> task.parse("{\"player\": \"A\""))
            .isInstanceOf(InvalidAnswerException.class);
    }

    @Test
    void parse_answerOfAnswer_roundTrips() {
        // given
        CardData card = CardData.builder().player("Luka Doncic").year("2018-19").brand("Panini Prizm")
            .cardNumber("280").grade("10").gradingCompany("PSA").variant("Silver").rookie(true).build();

        // when
        Map<String, Object> parsed = task.parse(task.answer(card.toMap()));

        // then
        assertThat(parsed).isEqualTo(card.toMap());
    }

    @Test
    void responseSchema_strictObjectOfAllCardFields() {
        // when
        JsonSchema schema = task.responseSchema().orElseThrow();
        Map<String, Object> json = Json.readObject(schema.schemaJson());

        // then
        assertThat(schema.strict()).isTrue();
        assertThat(json).containsEntry("additionalProperties", false);
        assertThat(json.get("required")).isEqualTo(CardData.FIELDS);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) json.get("properties");
        assertThat(properties).containsOnlyKeys(CardData.FIELDS);
        assertThat(properties.get("player")).isEqualTo(Map.of("type", "string"));
        assertThat(properties.get("rookie")).isEqualTo(Map.of("type", List.of("boolean", "null")));
    }

    @Test
    void fieldsAndMinimum_matchTheSeed() {
        assertThat(task.fields()).isEqualTo(CardData.FIELDS);
        assertThat(task.minimumSamples()).isEqualTo(50);
        assertThat(task.group(Map.of("ocr_text", "x"))).isEqualTo("all");
    }
}
