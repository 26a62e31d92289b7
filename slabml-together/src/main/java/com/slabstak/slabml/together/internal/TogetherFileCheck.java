/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.slabstak.slabml.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Together's own checks of a fine-tuning file, as together-py runs them before an upload
 * ({@code together/lib/utils/files.py} {@code check_file}, constants in {@code lib/constants.py}),
 * applied to JSONL files: not empty, at most 50.1 GiB (and, without multipart upload, at most 5 GB),
 * UTF-8, one JSON object a line, one dataset format for the whole file (general {@code text},
 * conversational {@code messages}, instruction {@code prompt}/{@code completion}, or preference
 * {@code input}/{@code preferred_output}/{@code non_preferred_output}) with no extra columns;
 * conversations non-empty, with known roles that alternate, weights 0 or 1, and an assistant
 * message. The first problem is thrown with its line number; nothing is uploaded.
 */
final class TogetherFileCheck {
    static final long NUM_BYTES_IN_GB = 1L << 30;
    /** {@code MAX_FILE_SIZE_GB = 50.1}. */
    static final long MAX_FILE_BYTES = (long) (50.1 * NUM_BYTES_IN_GB);
    /** {@code MULTIPART_THRESHOLD_GB = 5.0}: larger files need the multipart upload, not implemented here. */
    static final long SINGLE_UPLOAD_BYTES = 5L * NUM_BYTES_IN_GB;
    /** {@code MIN_SAMPLES = 1}. */
    static final int MIN_SAMPLES = 1;
    static final List<String> ROLES = List.of("system", "user", "assistant", "tool");

    /** The dataset formats and their required columns ({@code JSONL_REQUIRED_COLUMNS_MAP}). */
    static final Map<String, List<String>> FORMATS;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("general", List.of("text"));
        m.put("conversation", List.of("messages"));
        m.put("instruction", List.of("prompt", "completion"));
        m.put("preference_openai", List.of("input", "preferred_output", "non_preferred_output"));
        FORMATS = java.util.Collections.unmodifiableMap(m);
    }

    /** What the check found in a valid file. */
    record Report(String format, long samples, long bytes) {
    }

    private TogetherFileCheck() {
    }

    static Report check(Path file) {
        String name = String.valueOf(file.getFileName());
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("file", "not a readable file: " + file);
        }
        if (!name.endsWith(".jsonl")) {
            throw new InvalidInputException("file", name + ": only .jsonl files are uploaded to Together AI by SlabML");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException("file", 0, "cannot read " + name + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new InvalidInputException("file", name + ": file is empty");
        }
        if (size > MAX_FILE_BYTES) {
            throw new InvalidInputException("file", name + ": maximum supported file size is 50.1 GB, found "
                + String.format(java.util.Locale.ROOT, "%.3f", size / (double) NUM_BYTES_IN_GB) + " GB");
        }
        if (size > SINGLE_UPLOAD_BYTES) {
            throw new InvalidInputException("file", name + ": files over 5 GB need Together's multipart upload,"
                + " which SlabML does not implement; split the dataset");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        String format = null;
        long line = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String text;
            while ((text = r.readLine()) != null) {
                line++;
                String f = checkLine(text, line, name);
                if (format == null) {
                    format = f;
                } else if (!format.equals(f)) {
                    throw bad(name, line, "All samples in the dataset must have the same dataset format. Got "
                        + format + " for the first line and " + f + " for the line " + line + ".");
                }
            }
        } catch (CharacterCodingException e) {
            throw bad(name, line + 1, "File is not UTF-8 encoded.");
        } catch (IOException e) {
            throw new InvalidInputException(name, line, "cannot read the file: " + e.getMessage(), e);
        }
        if (line < MIN_SAMPLES) {
            throw bad(name, line, "Processing " + name + " resulted in only " + line + " samples. Our minimum is "
                + MIN_SAMPLES + " samples.");
        }
        return new Report(format, line, size);
    }

    private static String checkLine(String text, long line, String name) {
        JsonNode json;
        try {
            json = TogetherHttp.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw bad(name, line, "Error parsing json payload. Unexpected format on line " + line + ".");
        }
        if (json == null || !json.isObject()) {
            throw bad(name, line, "Error parsing file. Invalid format on line " + line + " of the input file."
                + " Datasets must follow text, conversational, or instruction format.");
        }
        String format = null;
        for (Map.Entry<String, List<String>> e : FORMATS.entrySet()) {
            if (e.getValue().stream().allMatch(json::has)) {
                if (format != null) {
                    throw bad(name, line, "Found multiple dataset formats in the input file. Got " + format + " and "
                        + e.getKey() + " on line " + line + ".");
                }
                format = e.getKey();
                for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                    String column = it.next();
                    if (!e.getValue().contains(column)) {
                        throw bad(name, line, "Found extra column \"" + column + "\" in the line " + line + ".");
                    }
                }
            }
        }
        if (format == null) {
            throw bad(name, line, "Error parsing file. Could not detect a format for the line " + line
                + " with the columns: " + fieldNames(json));
        }
        switch (format) {
            case "conversation":
                validateMessages(json.get("messages"), line, name, true);
                break;
            case "preference_openai":
                validatePreference(json, line, name);
                break;
            default:
                for (String column : FORMATS.get(format)) {
                    if (!json.get(column).isTextual()) {
                        throw bad(name, line, "Invalid value type for \"" + column + "\" key on line " + line
                            + ". Expected string.");
                    }
                }
        }
        return format;
    }

    private static void validateMessages(JsonNode messages, long line, String name, boolean requireAssistant) {
        if (messages == null || !messages.isArray()) {
            throw bad(name, line, "The `messages` column must be a list on line " + line + ".");
        }
        if (messages.isEmpty()) {
            throw bad(name, line, "Invalid format on line " + line + " of the input file. The `messages` column must not be empty.");
        }
        boolean weights = false;
        for (JsonNode m : messages) {
            weights |= m.has("weight");
        }
        String previous = null;
        boolean assistant = false;
        for (JsonNode m : messages) {
            if (!m.isObject()) {
                throw bad(name, line, "Each message must be an object on line " + line + ".");
            }
            if (!m.has("role")) {
                throw bad(name, line, "Missing required column `role` in message on line " + line + ".");
            }
            if (!m.get("role").isTextual()) {
                throw bad(name, line, "Column `role` is not a string on line " + line + ".");
            }
            if (weights && m.has("weight")) {
                JsonNode w = m.get("weight");
                if (!w.isIntegralNumber()) {
                    throw bad(name, line, "Weight must be an integer on line " + line + ".");
                }
                if (w.asInt() != 0 && w.asInt() != 1) {
                    throw bad(name, line, "Weight must be either 0 or 1 on line " + line + ".");
                }
            }
            String role = m.get("role").asText();
            if (!ROLES.contains(role)) {
                throw bad(name, line, "Invalid role `" + role + "` in conversation on line " + line
                    + ". Possible roles: " + String.join(", ", ROLES));
            }
            if (role.equals(previous)) {
                throw bad(name, line, "Invalid role turns on line " + line + " of the input file. After the optional"
                    + " system message, conversation roles must alternate between user/assistant/user/assistant.");
            }
            previous = role;
            assistant |= role.equals("assistant");
        }
        if (requireAssistant && !assistant) {
            throw bad(name, line, "Invalid format on line " + line + " of the input file. At least one message with"
                + " the assistant role must be present in the example.");
        }
    }

    private static void validatePreference(JsonNode json, long line, String name) {
        JsonNode input = json.get("input");
        if (!input.isObject()) {
            throw bad(name, line, "The dataset is malformed, the `input` field must be a dictionary.");
        }
        if (!input.has("messages")) {
            throw bad(name, line, "The dataset is malformed, the `input` dictionary must contain a `messages` field.");
        }
        JsonNode messages = input.get("messages");
        validateMessages(messages, line, name, false);
        if ("assistant".equals(messages.get(messages.size() - 1).path("role").asText())) {
            throw bad(name, line, "The last message in the input conversation must not be from the assistant on line " + line + ".");
        }
        for (String key : Set.of("preferred_output", "non_preferred_output").stream().sorted().toList()) {
            JsonNode v = json.get(key);
            if (!v.isArray()) {
                throw bad(name, line, "The dataset is malformed, the `" + key + "` field must be a list on line " + line + ".");
            }
            if (v.size() != 1) {
                throw bad(name, line, "The dataset is malformed, the `" + key + "` list must contain exactly one message on line " + line + ".");
            }
            JsonNode m = v.get(0);
            if (!m.isObject() || !"assistant".equals(m.path("role").asText(null))) {
                throw bad(name, line, "The dataset is malformed, the first element of `" + key
                    + "` must have the 'assistant' role on line " + line + ".");
            }
            if (!m.path("content").isTextual()) {
                throw bad(name, line, "The dataset is malformed, the 'content' field in `" + key
                    + "` must be a string on line " + line + ".");
            }
        }
    }

    private static String fieldNames(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static InvalidInputException bad(String name, long line, String message) {
        return new InvalidInputException(name, line, message, null);
    }
}
