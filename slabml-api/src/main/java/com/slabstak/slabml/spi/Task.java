/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.JsonSchema;
import com.slabstak.slabml.TaskName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One task a model is tuned for: how a sample's structured input becomes the prompt, how its
 * structured output becomes the assistant's answer, and how a model's answer is parsed back.
 * Built-in: card identification and listing generation; a host adds its own with a
 * {@link TaskProvider}.
 *
 * @since 0.1
 */
public interface Task {
    /**
     * Returns the task's name.
     *
     * @return the name
     */
    TaskName name();

    /**
     * Renders the prompt (system and user messages) for an input.
     *
     * @throws com.slabstak.slabml.InvalidInputException if the input is not valid for this task
     * @param input the input
     * @return the chat message values
     */
    List<ChatMessage> prompt(Map<String, Object> input);

    /**
     * Renders the assistant's answer for a confirmed output (the training target).
     *
     * @param output the output
     * @return the string
     */
    String answer(Map<String, Object> output);

    /**
     * Parses a model's answer into output fields, tolerantly (code fences, surrounding text) but
     * validating the result.
     *
     * @throws com.slabstak.slabml.InvalidAnswerException if it cannot
     * @param answer the answer
     * @return the map
     */
    Map<String, Object> parse(String answer);

    /**
     * Checks an input; throws {@link com.slabstak.slabml.InvalidInputException} naming the field.
     *
     * @param input the input
     */
    void validateInput(Map<String, Object> input);

    /**
     * Checks a confirmed output; throws {@link com.slabstak.slabml.InvalidInputException} naming the field.
     *
     * @param output the output
     */
    void validateOutput(Map<String, Object> output);

    /**
     * The output fields accuracy is measured on.
     *
     * @return the output fields accuracy is measured on
     */
    List<String> fields();

    /**
     * A JSON schema for structured outputs, when the task has one.
     *
     * @return A JSON schema for structured outputs, when the task has one
     */
    default Optional<JsonSchema> responseSchema() {
        return Optional.empty();
    }

    /**
     * The readiness group of an input: {@code all} by default, {@code platform/tone} for listings.
     *
     * @param input the input
     * @return the readiness group of an input: {@code all} by default, {@code platform/tone} for listings
     */
    default String group(Map<String, Object> input) {
        return "all";
    }

    /**
     * Samples each group needs before fine-tuning (50 for card identification, 30 for listings).
     *
     * @return samples each group needs before fine-tuning (50 for card identification, 30 for listings)
     */
    default int minimumSamples() {
        return 50;
    }
}