/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for a chat model that can be fine-tuned. Its base model reads card OCR
 * text heuristically, decent but with the systematic mistakes of an untuned model (brand and
 * variant aliases missed, seasons truncated, OCR-garbled words taken for part of the player's
 * name, naive capitalisation, answers sometimes wrapped in code fences) and writes generic,
 * often over-long listing titles. A model tuned on a training file (OpenAI chat JSONL) learns
 * from it which OCR tokens mean which field values, how player names are spelled, which label
 * words to ignore, which year and number formats are wanted, and the title and description
 * templates of the listings; it applies that to unseen text, so it beats the base model on
 * held-out cards that share vocabulary with the training data, and not on vocabulary it never saw.
 * Thread-safe.
 *
 * {@code
 * SimulatedLearner learner = SimulatedLearner.create(7);
 * String base = learner.answer(messages);
 * String tuned = learner.answer(messages, trainingJsonl);
 * }
 */
public final class SimulatedLearner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLATFORM = Pattern.compile("(?im)^\\s*platform\\s*:\\s*([^\\s(]+)");
    private static final Pattern TONE = Pattern.compile("(?im)^\\s*tone\\s*:\\s*(\\S+)");
    private static final Pattern LIMIT = Pattern.compile("(?i)at most (\\d+) characters");
    private static final int CACHE_LIMIT = 64;

    private final long seed;
    private final Map<String, Learned> cache = new ConcurrentHashMap<>();

    private SimulatedLearner(long seed) {
        this.seed = seed;
    }

    /** Returns a learner; the same seed gives the same answers. */
    public static SimulatedLearner create(long seed) {
        return new SimulatedLearner(seed);
    }

    /** Answers as the base (untuned) model. */
    public String answer(List<ChatMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        return respond(messages, null, false);
    }

    /** Answers as the base model; with {@code structured} (a response schema) never in code fences. */
    String answer(List<ChatMessage> messages, boolean structured) {
        return respond(messages, null, structured);
    }

    /** Answers as a model fine-tuned on {@code trainingJsonl} (OpenAI chat fine-tuning lines). */
    public String answer(List<ChatMessage> messages, String trainingJsonl) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(trainingJsonl, "trainingJsonl");
        if (cache.size() > CACHE_LIMIT) {
            cache.clear();
        }
        return respond(messages, cache.computeIfAbsent(trainingJsonl, SimulatedLearner::learn), true);
    }

    private String respond(List<ChatMessage> messages, Learned learned, boolean plain) {
        String system = text(messages, "system");
        String user = text(messages, "user");
        if (isListing(system, user)) {
            Map<String, Object> listing = listing(user, learned);
            return plain ? write(listing) : maybeFence(write(listing), user);
        }
        String ocr = ocrText(user);
        Map<String, Object> card = learned == null ? CardParser.base().parse(ocr) : CardParser.tuned(learned.card).parse(ocr);
        return plain ? write(card) : maybeFence(write(card), ocr);
    }

    private String maybeFence(String json, String input) {
        long h = seed * 31 + input.hashCode();
        return Math.floorMod(h, 3) == 0 ? "```json\n" + json + "\n```" : json;
    }

    private static String text(List<ChatMessage> messages, String role) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            if (m.role().equals(role)) {
                sb.append(sb.length() > 0 ? "\n" : "").append(m.content());
            }
        }
        return sb.toString();
    }

    private static boolean isListing(String system, String user) {
        return system.toLowerCase(Locale.ROOT).contains("listing") || PLATFORM.matcher(user).find();
    }

    /** The OCR text in a card identification prompt: after an "OCR text:" label, else all of it. */
    static String ocrText(String user) {
        int at = user.toLowerCase(Locale.ROOT).indexOf("ocr text:");
        String s = at >= 0 ? user.substring(at + "ocr text:".length()) : user;
        return s.strip().replace("```", "");
    }

    // ------------------------------------------------------------------ listings

    private Map<String, Object> listing(String user, Learned learned) {
        Map<String, Object> card = cardOf(user);
        String platform = match(PLATFORM, user, "ebay").toLowerCase(Locale.ROOT);
        String tone = match(TONE, user, "professional").toLowerCase(Locale.ROOT);
        Matcher lm = LIMIT.matcher(user);
        int limit = lm.find() ? Integer.parseInt(lm.group(1)) : Integer.MAX_VALUE;
        Map<String, Object> out = new LinkedHashMap<>();
        String titleTemplate = learned == null ? null : learned.pick(learned.titles, platform);
        String descriptionTemplate = learned == null ? null : learned.pick(learned.descriptions, tone);
        if (titleTemplate == null) {
            out.put("title", baseTitle(card));
        } else {
            out.put("title", shorten(fill(titleTemplate, card), limit));
        }
        if (descriptionTemplate == null) {
            out.put("description", baseDescription(card));
        } else {
            out.put("description", fill(descriptionTemplate, card));
        }
        return out;
    }

    private static String match(Pattern p, String s, String fallback) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1).replaceAll("[^A-Za-z0-9_-]", "") : fallback;
    }

    private static Map<String, Object> cardOf(String user) {
        int start = user.indexOf('{');
        int end = user.lastIndexOf('}');
        if (start >= 0 && end > start) {
            try {
                JsonNode node = JSON.readTree(user.substring(start, end + 1));
                JsonNode c = node.has("card") && node.get("card").isObject() ? node.get("card") : node;
                Map<String, Object> out = new LinkedHashMap<>();
                c.fields().forEachRemaining(e -> out.put(e.getKey(),
                    e.getValue().isBoolean() ? (Object) e.getValue().booleanValue() : e.getValue().asText()));
                return out;
            } catch (JsonProcessingException e) {
                // fall through: answer with what the text gives
            }
        }
        return Map.of("player", "this player", "year", "", "brand", "");
    }

    private static String str(Map<String, Object> card, String field) {
        Object v = card.get(field);
        return v == null ? "" : v.toString();
    }

    private static String baseTitle(Map<String, Object> c) {
        String t = str(c, "player") + " " + str(c, "year") + " " + str(c, "brand") + " Card #" + str(c, "card_number")
            + " " + str(c, "grading_company") + " " + str(c, "grade")
            + " Graded Sports Trading Card - Rare Collectible - Great Addition To Any Collection";
        return t.replaceAll("\\s+", " ").trim();
    }

    private static String baseDescription(Map<String, Object> c) {
        return ("Check out this amazing " + str(c, "player") + " card!! This " + str(c, "year") + " "
            + str(c, "brand") + " card is a must see for any collector. Great investment, don't miss out!!")
            .replaceAll("\\s+", " ").trim();
    }

    private static final List<String> TEMPLATE_FIELDS = List.of(
        "cert_number", "serial_number", "player", "brand", "variant", "year", "grading_company", "grade", "card_number");

    static String template(String text, Map<String, Object> card) {
        String t = " " + text + " ";
        List<String> fields = new ArrayList<>(TEMPLATE_FIELDS);
        fields.sort((a, b) -> str(card, b).length() - str(card, a).length());
        for (String f : fields) {
            String v = str(card, f);
            if (v.isEmpty() || v.equals("true") || v.equals("false")) {
                continue;
            }
            t = t.replaceAll("(?<=[\\s#(/])" + Pattern.quote(v) + "(?=[\\s,.)])", "{" + f + "}");
        }
        return t.strip();
    }

    static String fill(String template, Map<String, Object> card) {
        Matcher m = Pattern.compile("\\{([a-z_]+)}").matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(str(card, m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString().replace(" #,", ",").replace(" # ", " ").replaceAll("\\s+", " ").replace(" ,", ",").trim();
    }

    private static String shorten(String title, int limit) {
        if (title.length() <= limit) {
            return title;
        }
        String cut = title.substring(0, limit);
        int space = cut.lastIndexOf(' ');
        return (space > 20 ? cut.substring(0, space) : cut).trim();
    }

    // ------------------------------------------------------------------ learning

    private static final class Learned {
        final CardParser.Knowledge card;
        final Map<String, Map<String, Integer>> titles = new HashMap<>();
        final Map<String, Map<String, Integer>> descriptions = new HashMap<>();

        Learned(CardParser.Knowledge card) {
            this.card = card;
        }

        String pick(Map<String, Map<String, Integer>> byGroup, String group) {
            Map<String, Integer> counts = byGroup.get(group);
            if (counts == null) {
                counts = new HashMap<>();
                for (Map<String, Integer> c : byGroup.values()) {
                    for (Map.Entry<String, Integer> e : c.entrySet()) {
                        counts.merge(e.getKey(), e.getValue(), Integer::sum);
                    }
                }
            }
            return counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(null);
        }
    }

    private static Learned learn(String trainingJsonl) {
        List<Map.Entry<String, Map<String, Object>>> cards = new ArrayList<>();
        Map<String, Map<String, Integer>> titles = new HashMap<>();
        Map<String, Map<String, Integer>> descriptions = new HashMap<>();
        for (String line : trainingJsonl.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode messages = JSON.readTree(line).path("messages");
                String system = "";
                String user = "";
                String assistant = null;
                for (JsonNode m : messages) {
                    String role = m.path("role").asText();
                    String content = m.path("content").asText();
                    switch (role) {
                        case "system" -> system = content;
                        case "user" -> user = content;
                        case "assistant" -> assistant = content;
                        default -> {
                        }
                    }
                }
                if (assistant == null) {
                    continue;
                }
                JsonNode answer = JSON.readTree(stripFence(assistant));
                if (answer == null || !answer.isObject()) {
                    continue;
                }
                Map<String, Object> target = new LinkedHashMap<>();
                answer.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNull()) {
                        target.put(e.getKey(), e.getValue().isBoolean() ? (Object) e.getValue().booleanValue()
                            : e.getValue().asText());
                    }
                });
                if (isListing(system, user)) {
                    Map<String, Object> card = cardOf(user);
                    String platform = match(PLATFORM, user, "ebay").toLowerCase(Locale.ROOT);
                    String tone = match(TONE, user, "professional").toLowerCase(Locale.ROOT);
                    if (target.get("title") != null) {
                        titles.computeIfAbsent(platform, p -> new HashMap<>())
                            .merge(template(target.get("title").toString(), card), 1, Integer::sum);
                    }
                    if (target.get("description") != null) {
                        descriptions.computeIfAbsent(tone, p -> new HashMap<>())
                            .merge(template(target.get("description").toString(), card), 1, Integer::sum);
                    }
                } else {
                    cards.add(new AbstractMap.SimpleEntry<>(ocrText(user), target));
                }
            } catch (JsonProcessingException e) {
                // a line the simulated backend would have refused; a model never sees it
            }
        }
        Learned learned = new Learned(CardParser.Knowledge.learn(cards));
        learned.titles.putAll(titles);
        learned.descriptions.putAll(descriptions);
        return learned;
    }

    private static String stripFence(String s) {
        String t = s.strip();
        if (t.startsWith("```")) {
            t = t.substring(t.indexOf('\n') + 1);
            int end = t.lastIndexOf("```");
            if (end >= 0) {
                t = t.substring(0, end);
            }
        }
        return t;
    }

    private static String write(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fields of a card answer in {@link CardData#FIELDS} order, for tests. */
    static List<String> fields() {
        return CardData.FIELDS;
    }
}
