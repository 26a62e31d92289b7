/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JsonSchema;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.Tone;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.Task;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listing generation: card data, platform and tone in, a marketplace title and description out.
 * Readiness is counted per {@code platform/tone} group. An optional {@code title_limit} (a positive
 * integer) overrides the platform's known title limit, as {@code ListingRequest.toInput()} sends it
 * for a platform with a custom limit; {@link #titleLimit(Map)} resolves the limit for the prompt and
 * for {@link #postProcess}, which fits a served title over the limit at a word boundary (a parsed
 * answer is not rejected for its length). Samples about one card share a side of the split, and
 * a dataset's coverage is counted on the card's fields, the platform and the tone. Internal.
 *
 * {@code List<ChatMessage> m = new ListingGenerationTask().prompt(request.toInput());}
 */
public final class ListingGenerationTask implements Task {
    private static final Logger LOG = LoggerFactory.getLogger(ListingGenerationTask.class);
    /** The optional input key of a custom title limit. */
    public static final String TITLE_LIMIT = "title_limit";
    private static final List<String> INPUT_FIELDS = List.of("card", "platform", "tone", TITLE_LIMIT);
    static final List<String> FIELDS = List.of("title", "description");

    private static final JsonSchema SCHEMA = new JsonSchema("listing", Json.write(Map.of(
        "type", "object",
        "properties", Map.of("title", Map.of("type", "string"), "description", Map.of("type", "string")),
        "required", FIELDS,
        "additionalProperties", false)), true);

    @Override
    public TaskName name() {
        return TaskName.LISTING_GENERATION;
    }

    @Override
    public List<ChatMessage> prompt(Map<String, Object> input) {
        validateInput(input);
        Platform platform = Platform.of((String) input.get("platform"));
        Tone tone = Tone.of((String) input.get("tone"));
        CardData card = card(input);
        OptionalInt limit = titleLimit(input);
        String system = String.join("\n",
            "You write marketplace listings for graded sports trading cards.",
            "Answer with one JSON object and nothing else: {\"title\": \"...\", \"description\": \"...\"}.",
            "The title names year, brand, player, card number, variant and grade in the order buyers search for them.",
            "The description states the card's details and condition accurately; never invent facts the card data does not give.");
        String user = "Platform: " + platform.value()
            + (limit.isPresent() ? " (title at most " + limit.getAsInt() + " characters)" : " (no title length limit)")
            + "\nTone: " + tone.value()
            + "\nCard: " + Json.write(card.toMap());
        return List.of(ChatMessage.system(system), ChatMessage.user(user));
    }

    @Override
    public String answer(Map<String, Object> output) {
        validateOutput(output);
        return Json.write(Listing.fromMap(output).toMap());
    }

    @Override
    public Map<String, Object> parse(String answer) {
        Map<String, Object> raw = Answers.object(answer);
        try {
            Listing listing = Listing.fromMap(raw);
            return new Listing(listing.title().strip(), listing.description().strip()).toMap();
        } catch (InvalidInputException e) {
            throw new InvalidAnswerException("listing answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void validateInput(Map<String, Object> input) {
        Inputs.requireKnownFields(input, INPUT_FIELDS);
        for (String key : List.of("platform", "tone")) {
            Object v = input.get(key);
            if (!(v instanceof String) || ((String) v).isBlank()) {
                throw new InvalidInputException(key, "is required text");
            }
        }
        card(input);
        customTitleLimit(input);
    }

    /**
     * Returns the title limit of a listing input: its {@code title_limit} when present, else the
     * limit of its platform's name, else none.
     *
     * @throws InvalidInputException naming {@code title_limit} when it is not a positive integer
     */
    public static OptionalInt titleLimit(Map<String, Object> input) {
        OptionalInt custom = customTitleLimit(input);
        if (custom.isPresent()) {
            return custom;
        }
        Object platform = input.get("platform");
        if (platform instanceof String && !((String) platform).isBlank()) {
            return Platform.of((String) platform).titleLimit();
        }
        return OptionalInt.empty();
    }

    private static OptionalInt customTitleLimit(Map<String, Object> input) {
        if (!input.containsKey(TITLE_LIMIT)) {
            return OptionalInt.empty();
        }
        Object v = input.get(TITLE_LIMIT);
        boolean integral = v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
            || (v instanceof Number && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())
                && !Double.isInfinite(((Number) v).doubleValue()));
        if (!integral || ((Number) v).doubleValue() < 1 || ((Number) v).doubleValue() > Integer.MAX_VALUE) {
            throw new InvalidInputException(TITLE_LIMIT, "must be a positive integer, was " + v);
        }
        return OptionalInt.of(((Number) v).intValue());
    }

    private static CardData card(Map<String, Object> input) {
        Object card = input.get("card");
        if (!(card instanceof Map)) {
            throw new InvalidInputException("card", "is required: an object of card fields");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) card).entrySet()) {
            fields.put(String.valueOf(e.getKey()), e.getValue());
        }
        try {
            return CardData.fromMap(fields);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("card." + e.field().orElse("?"), Answers.detail(e));
        }
    }

    @Override
    public void validateOutput(Map<String, Object> output) {
        Objects.requireNonNull(output, "output");
        Listing.fromMap(output);
    }

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    @Override
    public Optional<JsonSchema> responseSchema() {
        return Optional.of(SCHEMA);
    }

    @Override
    public String group(Map<String, Object> input) {
        return Platform.of(String.valueOf(input.get("platform"))).value() + "/" + Tone.of(String.valueOf(input.get("tone"))).value();
    }

    @Override
    public int minimumSamples() {
        return 30;
    }

    /** The input's card, so that listings of one card (any platform or tone) share a side of the split. */
    @Override
    public Object splitKey(Map<String, Object> input, Map<String, Object> output) {
        Object card = input.get("card");
        return card instanceof Map ? card : output;
    }

    /** The card's coverage values (see the card task), then the platform and the tone. */
    @Override
    public Map<String, String> diversity(Map<String, Object> input, Map<String, Object> output) {
        Object card = input.get("card");
        Map<String, String> values = CardIdentificationTask.cardDiversity(card instanceof Map ? (Map<?, ?>) card : output);
        for (String dimension : List.of("platform", "tone")) {
            Object v = input.get(dimension);
            if (v != null) {
                values.put(dimension, v.toString());
            }
        }
        return values;
    }

    @Override
    public List<String> diversityWarnings() {
        return CardIdentificationTask.DIVERSITY_WARNINGS;
    }

    /**
     * Fits a title longer than the input's {@link #titleLimit(Map)} at a word boundary (see
     * {@link ListingTitles#fit}) and logs the trim.
     */
    @Override
    public Map<String, Object> postProcess(Map<String, Object> input, Map<String, Object> output) {
        Object title = output.get("title");
        if (!(title instanceof String)) {
            return output;
        }
        OptionalInt limit = titleLimit(input);
        if (limit.isEmpty()) {
            return output;
        }
        String fitted = ListingTitles.fit((String) title, limit.getAsInt());
        if (fitted.equals(title)) {
            return output;
        }
        LOG.info("Trimmed a {} title from {} to {} characters (platform limit {})",
            name(), ((String) title).length(), fitted.length(), limit.getAsInt());
        Map<String, Object> copy = new LinkedHashMap<>(output);
        copy.put("title", fitted);
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "ListingGenerationTask";
    }
}
