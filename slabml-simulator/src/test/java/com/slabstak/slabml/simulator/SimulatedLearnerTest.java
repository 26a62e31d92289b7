/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.Listing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedLearnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SYSTEM = "You identify sports trading cards from the OCR text. Answer with one JSON object.";

    static List<ChatMessage> cardPrompt(String ocr) {
        return List.of(ChatMessage.system(SYSTEM), ChatMessage.user("OCR text:\n" + ocr));
    }

    static List<ChatMessage> listingPrompt(CardSampleGenerator.ListingSample s) throws Exception {
        return List.of(ChatMessage.system("You write marketplace listings for graded sports trading cards."),
            ChatMessage.user("Platform: " + s.request().platform().value()
                + s.request().platform().titleLimit().stream().mapToObj(l -> " (title at most " + l + " characters)")
                    .findFirst().orElse("")
                + "\nTone: " + s.request().tone().value() + "\nCard: " + JSON.writeValueAsString(s.request().card().toMap())));
    }

    static String trainingLine(List<ChatMessage> prompt, String answer) throws Exception {
        List<Map<String, String>> messages = new ArrayList<>();
        for (ChatMessage m : prompt) {
            messages.add(Map.of("role", m.role(), "content", m.content()));
        }
        messages.add(Map.of("role", "assistant", "content", answer));
        return JSON.writeValueAsString(Map.of("messages", messages));
    }

    static String cardTraining(List<CardSampleGenerator.CardSample> samples) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (CardSampleGenerator.CardSample s : samples) {
            sb.append(trainingLine(cardPrompt(s.ocrText()), JSON.writeValueAsString(s.card().toMap()))).append('\n');
        }
        return sb.toString();
    }

    /** Parses an answer the way a tolerant client does: code fences stripped. */
    static Map<String, Object> parse(String answer) throws Exception {
        String t = answer.strip();
        if (t.startsWith("```")) {
            t = t.substring(t.indexOf('\n') + 1, t.lastIndexOf("```"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(t, LinkedHashMap.class);
        return m;
    }

    static String norm(Object v) {
        return v == null ? "" : v.toString().toLowerCase(Locale.ROOT).replace("#", "").trim();
    }

    /** Field accuracy over the six core fields, strict but case-insensitive. */
    static double accuracy(SimulatedLearner learner, String training, List<CardSampleGenerator.CardSample> heldOut)
            throws Exception {
        int right = 0;
        int total = 0;
        for (CardSampleGenerator.CardSample s : heldOut) {
            List<ChatMessage> prompt = cardPrompt(s.ocrText());
            Map<String, Object> answer = parse(training == null ? learner.answer(prompt) : learner.answer(prompt, training));
            for (String f : CardData.CORE_FIELDS) {
                total++;
                if (norm(answer.get(f)).equals(norm(s.card().toMap().get(f)))) {
                    right++;
                }
            }
        }
        return (double) right / total;
    }

    @Test
    void answer_tunedOnGeneratedCards_beatsBaseOnHeldOutCardsByClearMargin() throws Exception {
        // given
        CardSampleGenerator gen = CardSampleGenerator.create(11);
        String training = cardTraining(gen.cards(300));
        List<CardSampleGenerator.CardSample> heldOut = gen.cards(150);
        SimulatedLearner learner = SimulatedLearner.create(3);
        // when
        double base = accuracy(learner, null, heldOut);
        double tuned = accuracy(learner, training, heldOut);
        // then
        String measured = String.format(Locale.ROOT, "held-out core-field accuracy: base %.3f, tuned %.3f", base, tuned);
        assertThat(base).as(measured).isBetween(0.45, 0.85);
        assertThat(tuned).as(measured).isGreaterThan(base + 0.15).isGreaterThan(0.9);
    }

    @Test
    void answer_sameSeedAndInput_isDeterministic() throws Exception {
        CardSampleGenerator.CardSample s = CardSampleGenerator.create(5).card();
        String training = cardTraining(CardSampleGenerator.create(6).cards(50));
        assertThat(SimulatedLearner.create(9).answer(cardPrompt(s.ocrText())))
            .isEqualTo(SimulatedLearner.create(9).answer(cardPrompt(s.ocrText())));
        assertThat(SimulatedLearner.create(9).answer(cardPrompt(s.ocrText()), training))
            .isEqualTo(SimulatedLearner.create(1).answer(cardPrompt(s.ocrText()), training));
    }

    @Test
    void answer_baseOnSeasonCard_truncatesSeasonButTunedKeepsIt() throws Exception {
        // given: the seed README's card
        String ocr = "MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5";
        String training = cardTraining(CardSampleGenerator.create(2).cards(200));
        SimulatedLearner learner = SimulatedLearner.create(1);
        // when
        Map<String, Object> base = parse(learner.answer(cardPrompt(ocr)));
        Map<String, Object> tuned = parse(learner.answer(cardPrompt(ocr), training));
        // then
        assertThat(base).containsEntry("year", "1986").containsEntry("card_number", "#57");
        assertThat(tuned).containsEntry("player", "Michael Jordan").containsEntry("year", "1986-87")
            .containsEntry("brand", "Fleer").containsEntry("card_number", "57").containsEntry("grade", "9.5")
            .containsEntry("grading_company", "BGS");
    }

    @Test
    void answer_unseenVocabulary_tunedDoesNotKnowIt() throws Exception {
        String training = cardTraining(CardSampleGenerator.create(2).cards(200));
        Map<String, Object> tuned = parse(SimulatedLearner.create(1).answer(
            cardPrompt("2021 ZQX #12\nJOHN ZEBULON\nPSA 9"), training));
        assertThat(tuned.get("brand")).isEqualTo("Zqx");
        assertThat(tuned.get("player")).isEqualTo("John Zebulon");
    }

    @Test
    void answer_listingTunedOnSellerListings_keepsTitlesWithinLimitUnlikeBase() throws Exception {
        // given
        CardSampleGenerator gen = CardSampleGenerator.create(4);
        StringBuilder training = new StringBuilder();
        for (CardSampleGenerator.ListingSample s : gen.listings(90)) {
            training.append(trainingLine(listingPrompt(s), JSON.writeValueAsString(s.listing().toMap()))).append('\n');
        }
        SimulatedLearner learner = SimulatedLearner.create(1);
        int baseOver = 0;
        int tunedOver = 0;
        int tunedSame = 0;
        List<CardSampleGenerator.ListingSample> heldOut = gen.listings(30);
        // when
        for (CardSampleGenerator.ListingSample s : heldOut) {
            Listing base = Listing.fromMap(parse(learner.answer(listingPrompt(s))));
            Listing tuned = Listing.fromMap(parse(learner.answer(listingPrompt(s), training.toString())));
            int limit = s.request().platform().titleLimit().orElse(Integer.MAX_VALUE);
            baseOver += base.title().length() > limit ? 1 : 0;
            tunedOver += tuned.title().length() > limit ? 1 : 0;
            tunedSame += tuned.title().equals(s.listing().title()) ? 1 : 0;
        }
        // then
        assertThat(baseOver).isGreaterThan(10);
        assertThat(tunedOver).isZero();
        assertThat(tunedSame).isGreaterThan(heldOut.size() / 2);
    }
}
