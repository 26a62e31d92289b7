/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.ExportFormat;
import com.slabstak.slabml.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Google Vertex AI's supervised tuning JSONL, from Vertex AI's pages on preparing supervised
 * fine-tuning data and on supervised fine-tuning limits (the README names them):
 *
 * <pre>{@code
 * {"systemInstruction":{"parts":[{"text":"You identify sports cards..."}]},
 *  "contents":[{"role":"user","parts":[{"text":"MICHAEL JORDAN 1986-87 FLEER #57"}]},
 *              {"role":"model","parts":[{"text":"{\"player\":\"Michael Jordan\",...}"}]}]}
 * }</pre>
 *
 * <p>Checked per line: a JSON object with only {@code systemInstruction}, {@code contents} and
 * {@code tools}; {@code contents} turns alternate {@code user} and {@code model}, start with
 * {@code user} and end with {@code model}; every part has non-blank {@code text}; at most
 * {@value #MAX_TOKENS_PER_EXAMPLE} input and output tokens, estimated at {@value #CHARS_PER_TOKEN}
 * characters a token (Google's rule of thumb; no tokenizer of these models runs offline). Per file: a
 * training file of at most 1 GB and {@value #MAX_TRAINING_EXAMPLES} examples, at most
 * {@value #MAX_VALIDATION_EXAMPLES} validation examples, and a warning below
 * {@value #RECOMMENDED_EXAMPLES} training examples (Google's recommended start).
 */
final class VertexFormat extends CloudFormat {
    static final long MAX_TOKENS_PER_EXAMPLE = 131_072;
    static final int CHARS_PER_TOKEN = 4;
    static final long MAX_TRAINING_EXAMPLES = 1_000_000;
    static final long MAX_VALIDATION_EXAMPLES = 5_000;
    static final long MAX_TRAINING_BYTES = 1L << 30;
    static final long RECOMMENDED_EXAMPLES = 100;
    private static final Set<String> FIELDS = Set.of("systemInstruction", "contents", "tools");

    @Override
    public ExportFormat format() {
        return ExportFormat.VERTEX;
    }

    @Override
    public String line(List<Map<String, Object>> messages) {
        Conversation c = conversation(messages, "model");
        Map<String, Object> out = new LinkedHashMap<>();
        if (c.system() != null) {
            out.put("systemInstruction", Map.of("parts", List.of(Map.of("text", c.system()))));
        }
        out.put("contents", turns(c, "parts"));
        return Json.write(out);
    }

    @Override
    long checkLine(long line, Map<String, Object> json, Findings findings) {
        for (String key : json.keySet()) {
            if (!FIELDS.contains(key)) {
                findings.error(line, "unknown_field", "unknown field '" + key + "'; a line holds systemInstruction and contents");
            }
        }
        long chars = 0;
        Object system = json.get("systemInstruction");
        if (system != null) {
            Object parts = system instanceof Map ? ((Map<?, ?>) system).get("parts") : null;
            if (!(parts instanceof List) || ((List<?>) parts).isEmpty()) {
                findings.error(line, "missing_content", "systemInstruction.parts must be a non-empty array");
            } else {
                chars += Math.max(0, textOf(line, (List<?>) parts, "systemInstruction.parts", findings));
            }
        }
        Object contents = json.get("contents");
        if (!(contents instanceof List) || ((List<?>) contents).isEmpty()) {
            findings.error(line, "missing_contents", "contents must be a non-empty array of turns");
            return 0;
        }
        chars += checkTurns(line, (List<?>) contents, "contents", "parts", "model", findings);
        long tokens = (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        if (tokens > MAX_TOKENS_PER_EXAMPLE) {
            findings.error(line, "too_many_tokens", "about " + tokens + " tokens (estimated at " + CHARS_PER_TOKEN
                + " characters a token), more than the " + MAX_TOKENS_PER_EXAMPLE + " input and output tokens of an example");
        }
        return tokens;
    }

    @Override
    void checkFile(long examples, long bytes, boolean training, Findings findings) {
        if (training) {
            if (bytes > MAX_TRAINING_BYTES) {
                findings.error(0, "file_too_large", "the training file has " + bytes + " bytes, more than Vertex AI's 1 GB");
            }
            if (examples > MAX_TRAINING_EXAMPLES) {
                findings.error(0, "too_many_examples", examples + " training examples, more than Vertex AI's "
                    + MAX_TRAINING_EXAMPLES);
            }
            if (examples < RECOMMENDED_EXAMPLES) {
                findings.warning(0, "few_examples", examples + " training examples; Google recommends starting with "
                    + RECOMMENDED_EXAMPLES);
            }
        } else if (examples > MAX_VALIDATION_EXAMPLES) {
            findings.error(0, "too_many_examples", examples + " validation examples, more than Vertex AI's "
                + MAX_VALIDATION_EXAMPLES);
        }
    }
}
