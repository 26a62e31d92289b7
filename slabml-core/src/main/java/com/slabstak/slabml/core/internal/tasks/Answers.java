/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Finds the JSON object in a model's answer: inside code fences, with text around it. */
final class Answers {
    private Answers() {
    }

    /**
     * Returns the first complete JSON object in {@code answer}, with {@code null} values and the
     * text {@code "null"} dropped.
     *
     * @throws InvalidAnswerException if there is none
     */
    static Map<String, Object> object(String answer) {
        if (answer == null || answer.isBlank()) {
            throw new InvalidAnswerException("the answer is empty");
        }
        int start = answer.indexOf('{');
        while (start >= 0) {
            int end = matchingBrace(answer, start);
            if (end < 0) {
                break;
            }
            try {
                Map<String, Object> parsed = Json.readObject(answer.substring(start, end + 1));
                Map<String, Object> cleaned = new LinkedHashMap<>();
                parsed.forEach((k, v) -> {
                    if (v != null && !(v instanceof String && ((String) v).trim().equalsIgnoreCase("null"))) {
                        cleaned.put(k, v);
                    }
                });
                return cleaned;
            } catch (IllegalArgumentException e) {
                start = answer.indexOf('{', start + 1);
            }
        }
        throw new InvalidAnswerException("the answer holds no JSON object: " + preview(answer));
    }

    /** Returns the index of the brace closing the object opened at {@code open}, or -1. */
    private static int matchingBrace(String s, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The message of an {@link com.slabstak.slabml.InvalidInputException} without its field prefix. */
    static String detail(com.slabstak.slabml.InvalidInputException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = e.field().map(f -> f + ": ").orElse("");
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** A short start of the answer for error messages (answers are model output, not user text). */
    static String preview(String answer) {
        String oneLine = answer.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? "'" + oneLine + "'" : "'" + oneLine.substring(0, 77) + "...'";
    }
}
