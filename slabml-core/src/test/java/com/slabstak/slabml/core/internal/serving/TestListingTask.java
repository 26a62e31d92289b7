/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.Task;
import java.util.List;
import java.util.Map;

/** A small listing task for serving tests: card, platform and tone in, title and description out. */
final class TestListingTask implements Task {

    @Override
    public TaskName name() {
        return TaskName.LISTING_GENERATION;
    }

    @Override
    public List<ChatMessage> prompt(Map<String, Object> input) {
        validateInput(input);
        return List.of(ChatMessage.system("Write a listing for " + input.get("platform") + " in a "
            + input.get("tone") + " tone."), ChatMessage.user(Json.write(input.get("card"))));
    }

    @Override
    public String answer(Map<String, Object> output) {
        return Json.write(output);
    }

    @Override
    public Map<String, Object> parse(String answer) {
        try {
            return Listing.fromMap(Json.readObject(answer)).toMap();
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new InvalidAnswerException("answer is not a listing", e);
        }
    }

    @Override
    public void validateInput(Map<String, Object> input) {
        for (String key : List.of("card", "platform", "tone")) {
            if (!input.containsKey(key)) {
                throw new InvalidInputException(key, "is required");
            }
        }
    }

    @Override
    public void validateOutput(Map<String, Object> output) {
        Listing.fromMap(output);
    }

    @Override
    public List<String> fields() {
        return List.of("title", "description");
    }
}
