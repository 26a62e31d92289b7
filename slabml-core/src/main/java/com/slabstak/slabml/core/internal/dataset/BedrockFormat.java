/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.ExportFormat;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationFinding.Severity;
import com.slabstak.slabml.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Amazon Bedrock's conversation JSONL for fine-tuning conversational models, from "Prepare data for
 * fine-tuning text-to-text models" and "Model requirements for training and validation datasets"
 * (Amazon Bedrock User Guide):
 *
 * <pre>{@code
 * {"schemaVersion":"bedrock-conversation-2024",
 *  "system":[{"text":"You identify sports cards..."}],
 *  "messages":[{"role":"user","content":[{"text":"MICHAEL JORDAN 1986-87 FLEER #57"}]},
 *              {"role":"assistant","content":[{"text":"{\"player\":\"Michael Jordan\",...}"}]}]}
 * }</pre>
 *
 * <p>Checked per line: {@code schemaVersion} is {@code bedrock-conversation-2024}; only
 * {@code schemaVersion}, {@code system} and {@code messages}; messages alternate {@code user} and
 * {@code assistant}, start with {@code user} and end with {@code assistant}; every content block has
 * non-blank {@code text}; at most {@value #MAX_CHARS_PER_RECORD} characters (Bedrock's character
 * quota, 6 characters per token of the smallest per-record token quota, 4,096 input and output
 * tokens; larger models allow more). Per export: a training file of at most 1 GB, a validation file
 * of at most 100 MB, and at most {@value #MAX_RECORDS} training and validation records together
 * (Bedrock's default quota, which an account can raise). Tokens are estimated at
 * {@value #CHARS_PER_TOKEN} characters a token, Bedrock's own planning rule.
 */
final class BedrockFormat extends CloudFormat {
    static final String SCHEMA_VERSION = "bedrock-conversation-2024";
    static final int CHARS_PER_TOKEN = 6;
    static final long MAX_CHARS_PER_RECORD = 4_096L * CHARS_PER_TOKEN;
    static final long MAX_RECORDS = 10_000;
    static final long MAX_TRAINING_BYTES = 1L << 30;
    static final long MAX_VALIDATION_BYTES = 100L << 20;
    private static final Set<String> FIELDS = Set.of("schemaVersion", "system", "messages");

    @Override
    public ExportFormat format() {
        return ExportFormat.BEDROCK;
    }

    @Override
    public String line(List<Map<String, Object>> messages) {
        Conversation c = conversation(messages, "assistant");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schemaVersion", SCHEMA_VERSION);
        if (c.system() != null) {
            out.put("system", List.of(Map.of("text", c.system())));
        }
        out.put("messages", turns(c, "content"));
        return Json.write(out);
    }

    @Override
    long checkLine(long line, Map<String, Object> json, Findings findings) {
        for (String key : json.keySet()) {
            if (!FIELDS.contains(key)) {
                findings.error(line, "unknown_field", "unknown field '" + key + "'; Bedrock allows schemaVersion, system and messages");
            }
        }
        if (!SCHEMA_VERSION.equals(json.get("schemaVersion"))) {
            findings.error(line, "schema_version", "schemaVersion must be '" + SCHEMA_VERSION + "', was "
                + json.get("schemaVersion"));
        }
        long chars = 0;
        Object system = json.get("system");
        if (system != null) {
            if (!(system instanceof List) || ((List<?>) system).isEmpty()) {
                findings.error(line, "missing_content", "system must be a non-empty array of {\"text\": ...}");
            } else {
                chars += Math.max(0, textOf(line, (List<?>) system, "system", findings));
            }
        }
        Object messages = json.get("messages");
        if (!(messages instanceof List) || ((List<?>) messages).isEmpty()) {
            findings.error(line, "missing_messages", "messages must be a non-empty array");
            return 0;
        }
        chars += checkTurns(line, (List<?>) messages, "messages", "content", "assistant", findings);
        if (chars > MAX_CHARS_PER_RECORD) {
            findings.error(line, "too_many_characters", chars + " characters, more than Bedrock's " + MAX_CHARS_PER_RECORD
                + " per record (6 per token of a 4,096-token quota)");
        }
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    @Override
    void checkFile(long examples, long bytes, boolean training, Findings findings) {
        long max = training ? MAX_TRAINING_BYTES : MAX_VALIDATION_BYTES;
        if (bytes > max) {
            findings.error(0, "file_too_large", "the " + (training ? "training" : "validation") + " file has " + bytes
                + " bytes, more than Bedrock's " + (training ? "1 GB" : "100 MB"));
        }
    }

    @Override
    public List<ValidationFinding> checkTogether(Scan training, Scan validation) {
        long records = training.examples() + (validation == null ? 0 : validation.examples());
        if (records > MAX_RECORDS) {
            return List.of(new ValidationFinding(0, "too_many_examples", Severity.ERROR, records
                + " training and validation records, more than Bedrock's default quota of " + MAX_RECORDS));
        }
        return List.of();
    }
}
