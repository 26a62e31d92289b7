/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.ExportFormat;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationFinding.Severity;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.core.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cloud's tuning file format: how one conversation (system, user and assistant messages) becomes
 * a JSONL line, and the checks a file must pass before the cloud's tuning service would take it,
 * each finding with its line number. Token limits are checked on an estimate from characters
 * (no tokenizer of these models runs offline), labelled as such. Internal.
 *
 * <pre>{@code
 * CloudFormat vertex = CloudFormat.of(ExportFormat.VERTEX);
 * String line = vertex.line(List.of(Map.of("role", "system", "content", "..."), ...));
 * CloudFormat.Scan scan = vertex.scan(file, true);
 * }</pre>
 */
abstract class CloudFormat {
    /** At most this many findings are kept per file; the count goes on. */
    static final int MAX_FINDINGS = 1000;

    CloudFormat() {
    }

    /**
     * The writer and checker of a format other than OpenAI's.
     *
     * @param format {@link ExportFormat#VERTEX} or {@link ExportFormat#BEDROCK}
     * @return its writer and checker
     * @throws IllegalArgumentException for {@link ExportFormat#OPENAI}, which {@link DatasetValidator} checks
     */
    public static CloudFormat of(ExportFormat format) {
        switch (Objects.requireNonNull(format, "format")) {
            case VERTEX: return new VertexFormat();
            case BEDROCK: return new BedrockFormat();
            default: throw new IllegalArgumentException("no cloud format for " + format);
        }
    }

    /** @return the format */
    public abstract ExportFormat format();

    /**
     * Renders one conversation.
     *
     * @param messages {@code role} ({@code system}, {@code developer}, {@code user}, {@code assistant}) and {@code content}, in order
     * @return one JSON line without its line break
     */
    public abstract String line(List<Map<String, Object>> messages);

    /**
     * What a scanned file holds.
     *
     * @param report the findings, with line numbers
     * @param examples the lines read
     * @param estimatedTokens the estimated tokens of all examples
     * @param bytes the file's size
     */
    public record Scan(ValidationReport report, long examples, long estimatedTokens, long bytes) {
    }

    /**
     * Checks a file line by line, then as a whole (example count, file size).
     *
     * @param file the JSONL file
     * @param training true for a training file, false for a validation file (their limits differ)
     * @return the findings and counts
     * @throws StoreException if the file cannot be read
     */
    public Scan scan(Path file, boolean training) {
        Objects.requireNonNull(file, "file");
        Findings findings = new Findings();
        long examples = 0;
        long tokens = 0;
        long bytes;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            bytes = Files.size(file);
            String text;
            long lineNumber = 0;
            while ((text = in.readLine()) != null) {
                lineNumber++;
                if (text.isBlank()) {
                    findings.error(lineNumber, "blank_line", "blank line; every line must hold one example");
                    continue;
                }
                examples++;
                Map<String, Object> json;
                try {
                    json = Json.readObject(text);
                } catch (IllegalArgumentException e) {
                    findings.error(lineNumber, "invalid_json", "not a JSON object: " + e.getMessage());
                    continue;
                }
                tokens += checkLine(lineNumber, json, findings);
            }
        } catch (IOException e) {
            throw new StoreException("reading " + file + " failed", e);
        }
        checkFile(examples, bytes, training, findings);
        return new Scan(new ValidationReport(file.toString(), examples, findings.list), examples, tokens, bytes);
    }

    /**
     * Checks what only both files of one export show together.
     *
     * @param training the training file's scan
     * @param validation the validation file's scan, or {@code null}
     * @return findings with line 0
     */
    public List<ValidationFinding> checkTogether(Scan training, Scan validation) {
        return List.of();
    }

    /** Checks one parsed line; returns its estimated tokens. */
    abstract long checkLine(long line, Map<String, Object> json, Findings findings);

    /** Checks a whole file's counts. */
    abstract void checkFile(long examples, long bytes, boolean training, Findings findings);

    /** Text of the messages as the format joins several system messages. */
    static String joinSystem(List<String> parts) {
        return String.join("\n\n", parts);
    }

    /** Splits role/content messages into the system text and the conversation, mapping roles. */
    static Conversation conversation(List<Map<String, Object>> messages, String assistantRole) {
        List<String> system = new ArrayList<>();
        List<String[]> turns = new ArrayList<>();
        for (Map<String, Object> m : messages) {
            String role = String.valueOf(m.get("role"));
            String content = String.valueOf(m.get("content"));
            switch (role) {
                case "system":
                case "developer":
                    if (!turns.isEmpty()) {
                        throw new InvalidInputException("messages", "a " + role + " message after the conversation began "
                            + "cannot be written in this format");
                    }
                    system.add(content);
                    break;
                case "user":
                    turns.add(new String[] {"user", content});
                    break;
                case "assistant":
                    turns.add(new String[] {assistantRole, content});
                    break;
                default:
                    throw new InvalidInputException("messages", "role '" + role + "' cannot be written in this format");
            }
        }
        return new Conversation(system.isEmpty() ? null : joinSystem(system), turns);
    }

    /** A system text (or null) and the turns as role/text pairs. */
    /**
     * The turns of a conversation as the clouds write them: {@code {"role": r, <textList>: [{"text": t}]}}
     * ({@code parts} for Vertex, {@code content} for Bedrock).
     */
    static List<Map<String, Object>> turns(Conversation c, String textList) {
        List<Map<String, Object>> out = new ArrayList<>(c.turns().size());
        for (String[] turn : c.turns()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("role", turn[0]);
            m.put(textList, List.of(Map.of("text", turn[1])));
            out.add(m);
        }
        return out;
    }

    record Conversation(String system, List<String[]> turns) {
    }

    /**
     * Checks that turns alternate, starting with {@code user} and ending with {@code last}, with
     * non-empty text; returns the characters of all their text.
     */
    static long checkTurns(long line, List<?> turns, String turnsField, String partsField, String last,
                           Findings findings) {
        long chars = 0;
        String expected = "user";
        String previous = null;
        for (int i = 0; i < turns.size(); i++) {
            Object t = turns.get(i);
            String at = turnsField + "[" + i + "]";
            if (!(t instanceof Map)) {
                findings.error(line, "invalid_message", at + " must be an object");
                return chars;
            }
            Map<?, ?> turn = (Map<?, ?>) t;
            Object role = turn.get("role");
            if (!(role instanceof String) || !(role.equals("user") || role.equals(last))) {
                findings.error(line, "invalid_role", at + ".role must be 'user' or '" + last + "', was " + role);
                return chars;
            }
            if (!role.equals(expected)) {
                findings.error(line, "roles_not_alternating", at + " is '" + role + "' after '" + previous
                    + "'; turns must alternate, starting with 'user'");
                return chars;
            }
            previous = (String) role;
            expected = role.equals("user") ? last : "user";
            Object parts = turn.get(partsField);
            if (!(parts instanceof List) || ((List<?>) parts).isEmpty()) {
                findings.error(line, "missing_content", at + "." + partsField + " must be a non-empty array");
                return chars;
            }
            long c = textOf(line, (List<?>) parts, at + "." + partsField, findings);
            if (c < 0) {
                return chars;
            }
            chars += c;
        }
        if (turns.size() < 2) {
            findings.error(line, "too_few_messages", turnsField + " needs a 'user' turn followed by a '" + last + "' turn");
        } else if (!last.equals(previous)) {
            findings.error(line, "last_not_" + last, "the last turn of " + turnsField + " must be '" + last
                + "' (the answer to learn), was '" + previous + "'");
        }
        return chars;
    }

    /** The characters of {@code [{"text": ...}]}, or -1 after reporting a bad part. */
    static long textOf(long line, List<?> parts, String at, Findings findings) {
        long chars = 0;
        for (int j = 0; j < parts.size(); j++) {
            Object p = parts.get(j);
            Object text = p instanceof Map ? ((Map<?, ?>) p).get("text") : null;
            if (!(text instanceof String) || ((String) text).isBlank()) {
                findings.error(line, "missing_text", at + "[" + j + "].text must be a non-blank string");
                return -1;
            }
            chars += ((String) text).length();
        }
        return chars;
    }

    /** Findings with a cap on how many are kept. */
    static final class Findings {
        final List<ValidationFinding> list = new ArrayList<>();
        long dropped;

        void error(long line, String category, String message) {
            add(new ValidationFinding(line, category, Severity.ERROR, message));
        }

        void warning(long line, String category, String message) {
            add(new ValidationFinding(line, category, Severity.WARNING, message));
        }

        private void add(ValidationFinding f) {
            if (list.size() < MAX_FINDINGS) {
                list.add(f);
            } else {
                dropped++;
            }
        }
    }
}
