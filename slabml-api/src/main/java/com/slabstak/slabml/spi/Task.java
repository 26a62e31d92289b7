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
     * The fields a monthly report always charts for this task's models, beside those users
     * corrected: all of {@link #fields()} by default.
     *
     * @return the headline fields, a subset of {@link #fields()}
     * @since 0.2
     */
    default List<String> headlineFields() {
        return fields();
    }

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

    /**
     * The identity of what a sample is about, beyond its input and output: samples that share it
     * (or share an input or an output) go wholly to one side of the train/validation split, so no
     * near-copy of a validation example is trained on. Compared by its canonical JSON text (keys
     * sorted, strings normalised). The listing task answers the input's card.
     *
     * @param input the sample's input
     * @param output the sample's confirmed output
     * @return a JSON-like value (map, list, string, number, boolean); the output by default
     * @since 0.2
     */
    default Object splitKey(Map<String, Object> input, Map<String, Object> output) {
        return output;
    }

    /**
     * The values a sample is counted under when a dataset's coverage is measured: for each
     * dimension the sample has, its value (the card task answers {@code sport -> baseball},
     * {@code year -> 1986}, ...). Values are counted trimmed and lower-cased; a dimension the
     * sample lacks is left out.
     *
     * @param input the sample's input
     * @param output the sample's confirmed output
     * @return dimension to value, without {@code null} values; empty by default
     * @since 0.2
     */
    default Map<String, String> diversity(Map<String, Object> input, Map<String, Object> output) {
        return Map.of();
    }

    /**
     * The dimensions of {@link #diversity} a dataset should not cover with a single value: a
     * warning names each that does (with more than one sample).
     *
     * @return dimension names, in the order warnings are given; empty by default
     * @since 0.2
     */
    default List<String> diversityWarnings() {
        return List.of();
    }

    /**
     * Adjusts a parsed answer before it is served (the listing task fits the title to the
     * platform's limit). Runs on every served and compared answer, after {@link #parse}.
     *
     * @param input the request's input, already validated
     * @param output the parsed answer
     * @return the answer to serve; {@code output} itself by default
     * @since 0.2
     */
    default Map<String, Object> postProcess(Map<String, Object> input, Map<String, Object> output) {
        return output;
    }

    /**
     * How accuracy and production tracking compare some output fields, by field name (the card
     * task compares {@code year} so that {@code 86-87} equals {@code 1986-87}). Fields not named
     * here are compared as text ignoring case, accents, punctuation and spacing, numbers without
     * trailing zeros.
     *
     * @return comparators by field name; empty by default
     * @since 0.2
     */
    default Map<String, FieldComparator> fieldComparators() {
        return Map.of();
    }
}