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
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.Tone;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListingGenerationTaskTest {
    private static final CardData CARD = CardData.builder().player("Mike Trout").year("2011").brand("Topps Update")
        .cardNumber("US175").grade("10").gradingCompany("PSA").build();

    private final ListingGenerationTask task = new ListingGenerationTask();

    private static Map<String, Object> input(Platform platform, Tone tone) {
        return ListingRequest.builder().card(CARD).platform(platform).tone(tone).build().toInput();
    }

    @Test
    void prompt_ebay_mentionsTitleLimitToneAndCard() {
        // when
        List<ChatMessage> messages = task.prompt(input(Platform.EBAY, Tone.ENTHUSIASTIC));

        // then
        assertThat(messages).extracting(ChatMessage::role).containsExactly("system", "user");
        assertThat(messages.get(1).content()).contains("Platform: ebay (title at most 80 characters)")
            .contains("Tone: enthusiastic").contains("\"player\":\"Mike Trout\"");
    }

    @Test
    void prompt_platformWithoutLimit_saysSo() {
        assertThat(task.prompt(input(Platform.WHATNOT, Tone.CASUAL)).get(1).content())
            .contains("no title length limit");
    }

    @Test
    void toInput_customLimitOnKnownPlatform_sendsTitleLimitAndPromptUsesIt() {
        // given
        Map<String, Object> in = input(Platform.of("ebay", 60), Tone.CASUAL);

        // when
        List<ChatMessage> messages = task.prompt(in);

        // then
        assertThat(in).containsEntry("title_limit", 60);
        assertThat(messages.get(1).content()).contains("Platform: ebay (title at most 60 characters)");
        assertThat(ListingGenerationTask.titleLimit(in)).hasValue(60);
    }

    @Test
    void toInput_customLimitOnUnknownPlatform_sendsTitleLimit() {
        Map<String, Object> in = input(Platform.of("myshop", 40), Tone.CASUAL);

        assertThat(in).containsEntry("title_limit", 40);
        assertThat(task.prompt(in).get(1).content()).contains("Platform: myshop (title at most 40 characters)");
    }

    @Test
    void toInput_knownLimit_sendsNoTitleLimit() {
        assertThat(input(Platform.EBAY, Tone.CASUAL)).doesNotContainKey("title_limit");
        assertThat(input(Platform.of("ebay", 80), Tone.CASUAL)).doesNotContainKey("title_limit");
        assertThat(input(Platform.WHATNOT, Tone.CASUAL)).doesNotContainKey("title_limit");
        assertThat(ListingGenerationTask.titleLimit(input(Platform.EBAY, Tone.CASUAL))).hasValue(80);
        assertThat(ListingGenerationTask.titleLimit(input(Platform.WHATNOT, Tone.CASUAL))).isEmpty();
    }

    @Test
    void validateInput_titleLimitFromJsonAsLong_accepted() {
        Map<String, Object> in = Map.of("card", CARD.toMap(), "platform", "myshop", "tone", "casual", "title_limit", 55L);

        task.validateInput(in);

        assertThat(ListingGenerationTask.titleLimit(in)).hasValue(55);
    }

    @Test
    void validateInput_titleLimitNotPositiveInteger_throwsNamingIt() {
        for (Object bad : List.of(0, -3, 12.5, "80", Long.MAX_VALUE)) {
            Map<String, Object> in = Map.of("card", CARD.toMap(), "platform", "ebay", "tone", "casual", "title_limit", bad);
            assertThatThrownBy(() -> task.validateInput(in))
                .as("title_limit %s", bad)
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("title_limit"));
        }
    }

    @Test
    void group_platformAndTone_isPlatformSlashTone() {
        assertThat(task.group(Map.of("card", CARD.toMap(), "platform", "eBay", "tone", "Professional")))
            .isEqualTo("ebay/professional");
        assertThat(task.minimumSamples()).isEqualTo(30);
    }

    @Test
    void validateInput_missingPlatform_throwsNamingIt() {
        assertThatThrownBy(() -> task.validateInput(Map.of("card", CARD.toMap(), "tone", "casual")))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("platform"));
    }

    @Test
    void validateInput_cardWithUnknownField_throwsNamingCardField() {
        assertThatThrownBy(() -> task.validateInput(Map.of("card", Map.of("player", "A", "year", "1", "brand", "B",
                "colour", "red"), "platform", "ebay", "tone", "casual")))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("card.colour"))
            .hasMessageNotContaining("colour: colour");
    }

    @Test
    void validateInput_cardNotAnObject_throws() {
        assertThatThrownBy(() -> task.validateInput(Map.of("card", "Mike Trout", "platform", "ebay", "tone", "casual")))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("card"));
    }

    @Test
    void answer_listing_isCompactJson() {
        assertThat(task.answer(Map.of("title", "2011 Topps Update Mike Trout #US175 PSA 10", "description", "Rookie.")))
            .isEqualTo("{\"title\":\"2011 Topps Update Mike Trout #US175 PSA 10\",\"description\":\"Rookie.\"}");
    }

    @Test
    void parse_fencedAnswerWithOverlongTitle_keepsItForServingToShorten() {
        // given
        String title = "x".repeat(120);
        String answer = "```json\n{\"title\": \" " + title + " \", \"description\": \"Great card\"}\n```";

        // when
        Map<String, Object> parsed = task.parse(answer);

        // then
        assertThat(parsed).containsEntry("title", title).containsEntry("description", "Great card");
    }

    @Test
    void parse_missingDescription_throwsInvalidAnswer() {
        assertThatThrownBy(() -> task.parse("{\"title\": \"A card\"}"))
            .isInstanceOf(InvalidAnswerException.class)
            .hasMessageContaining("description");
    }

    @Test
    void parse_extraField_throwsInvalidAnswer() {
        assertThatThrownBy(() -> task.parse("{\"title\": \"A\", \"description\": \"B\", \"price\": 5}"))
            .isInstanceOf(InvalidAnswerException.class)
            .hasMessageContaining("price");
    }

    @Test
    void responseSchema_isStrict() {
        assertThat(task.responseSchema().orElseThrow().strict()).isTrue();
        assertThat(task.fields()).containsExactly("title", "description");
    }
}
