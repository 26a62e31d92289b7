/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationFinding.Severity;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.DatasetLimits;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.TrainableModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a chat fine-tuning JSONL file (ours or a user's) against what the provider's catalogue
 * accepts (its minimum examples, file size and the model's per-example limit), streaming
 * it line by line in constant memory. Every finding carries its 1-based line number (0 for the
 * whole file) and a category:
 *
 * <p>Errors: {@code data_type} (a line that is not one JSON object, or an empty line),
 * {@code missing_messages_list}, {@code message_missing_key} (no {@code role}, or no
 * {@code content} where one is required), {@code message_unrecognized_key},
 * {@code unrecognized_role}, {@code missing_content}, {@code empty_assistant_message},
 * {@code invalid_weight} ({@code weight} other than 0 or 1), {@code invalid_tool_calls},
 * {@code example_missing_assistant_message}, {@code invalid_utf8}, {@code line_too_long},
 * {@code too_few_examples} (fewer than the provider's minimum, line 0), {@code file_too_large}
 * (over the provider's limit, line 0).
 *
 * <p>Preference files (one {@code input} with {@code preferred_output} and {@code non_preferred_output}
 * per line, OpenAI's {@code method.dpo} shape, which Together reads too) add {@code missing_input},
 * {@code invalid_preferred_output}, {@code invalid_non_preferred_output}, {@code input_ends_with_assistant},
 * {@code identical_outputs}, {@code roles_not_alternating} (where the provider requires it) and
 * {@code mixed_formats} (a file mixing both shapes).
 *
 * <p>Warnings: {@code missing_system_message}, {@code missing_user_message},
 * {@code example_over_token_limit} (the example gets truncated), {@code special_token} (text such
 * as {@code <|endoftext|>} that a tokenizer treats specially), {@code no_trained_assistant_message}
 * (every assistant message has weight 0), {@code example_unrecognized_key} and
 * {@code byte_order_mark}.
 *
 * <p>At most {@value #MAX_FINDINGS_PER_CATEGORY} findings per category are listed; one more
 * finding (line 0) says how many were left out. Thread-safe.
 *
 * {@code
 * ValidationReport report = new DatasetValidator(catalog).validate(Path.of("train.jsonl"), "some-base-model");
 * if (!report.isValid()) System.err.println(report.summary());
 * }
 */
public final class DatasetValidator {
    /** Findings listed per category before the rest are only counted. */
    public static final int MAX_FINDINGS_PER_CATEGORY = 100;
    /** Lines longer than this (64 MiB) are reported, not parsed, so memory stays bounded. */
    static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    static final Set<String> ROLES = Set.of("system", "user", "assistant", "function", "tool");
    private static final Set<String> MESSAGE_KEYS = Set.of("role", "content", "name", "function_call", "weight");
    private static final Set<String> EXAMPLE_KEYS = Set.of("messages", "tools", "parallel_tool_calls", "functions");
    private static final Set<String> PREFERENCE_KEYS = Set.of("input", "preferred_output", "non_preferred_output");
    /** Special tokens of the common tiktoken encodings, and chat markup tokens; trained as plain text. */
    static final List<String> SPECIAL_TOKENS = List.of(
        "<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
        "<|im_start|>", "<|im_end|>", "<|im_sep|>", "<|start|>", "<|end|>", "<|message|>", "<|channel|>",
        "<|return|>", "<|call|>", "<|constrain|>");

    private final ModelCatalog catalog;
    private final long maxFileBytes;
    private final int minExamples;
    private final int maxLineBytes;

    /** A validator with the limits and models of a provider's catalogue. */
    public DatasetValidator(ModelCatalog catalog) {
        this(catalog, MAX_LINE_BYTES);
    }

    DatasetValidator(ModelCatalog catalog, int maxLineBytes) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        DatasetLimits limits = catalog.limits();
        this.maxFileBytes = limits.maxFileBytes();
        this.minExamples = limits.minExamples();
        this.maxLineBytes = maxLineBytes;
    }

    /** The catalogue models and limits come from. */
    public ModelCatalog catalog() {
        return catalog;
    }

    /**
     * Validates a training file for {@code model}; with {@code null} the catalogue's default model
     * applies, and without one only the format and the provider's file limits are checked, with
     * estimated token counts.
     *
     * @throws InvalidInputException if the file does not exist or the model is unknown
     * @throws StoreException if reading the file fails
     */
    public ValidationReport validate(Path file, String model) {
        Objects.requireNonNull(file, "file");
        String m = model != null ? model : catalog.defaultModel().orElse(null);
        if (m == null) {
            return scan(file, ANY_MODEL, true).report();
        }
        return scan(file, m, true).report();
    }

    /** Stands for "no model known": no per-example limit, estimated counts. */
    private static final TrainableModel ANY_MODEL = TrainableModel.builder("any model")
        .contextTokens(Integer.MAX_VALUE).build();

    /** Validates and counts tokens in one pass; {@code training} applies the minimum example count. */
    Scan scan(Path file, String model, boolean training) {
        return scan(file, catalog.require(model), training);
    }

    /** Validates and counts tokens for a model's entry (one the catalogue may not list). */
    Scan scan(Path file, TrainableModel m, boolean training) {
        try (TokenCounter counter = TokenCounter.forModel(m)) {
            return scan(file, m, counter, training);
        }
    }

    private Scan scan(Path file, TrainableModel m, TokenCounter counter, boolean training) {
        Collector out = new Collector();
        TokenStats tokens = new TokenStats(m.maxExampleTokens());
        java.util.concurrent.atomic.AtomicReference<String> format = new java.util.concurrent.atomic.AtomicReference<>();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("file", 0, "no such file: " + file, e);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file, e);
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException("file", "is a directory: " + file);
        }
        if (size > maxFileBytes) {
            out.add(0, "file_too_large", Severity.ERROR,
                "file is " + size + " bytes; the provider accepts at most " + maxFileBytes);
        }
        long examples = 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file)) {
            LineReader lines = new LineReader(in, maxLineBytes);
            long lineNo = 0;
            while (lines.next()) {
                lineNo++;
                if (lines.tooLong()) {
                    examples++;
                    out.add(lineNo, "line_too_long", Severity.ERROR,
                        "line is " + lines.length() + " bytes; at most " + maxLineBytes + " are read");
                    continue;
                }
                String text;
                try {
                    text = decoder.reset().decode(ByteBuffer.wrap(lines.bytes(), 0, lines.length())).toString();
                } catch (MalformedInputException e) {
                    examples++;
                    out.add(lineNo, "invalid_utf8", Severity.ERROR, "invalid UTF-8 at byte " + (offset(lines, e) + 1)
                        + " of the line");
                    continue;
                } catch (CharacterCodingException e) {
                    examples++;
                    out.add(lineNo, "invalid_utf8", Severity.ERROR, "invalid UTF-8");
                    continue;
                }
                if (lineNo == 1 && text.startsWith("\uFEFF")) {
                    out.add(lineNo, "byte_order_mark", Severity.WARNING, "file starts with a UTF-8 byte order mark");
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    out.add(lineNo, "data_type", Severity.ERROR, "empty line: every line must be one JSON object");
                    continue;
                }
                examples++;
                checkExample(lineNo, text, m, counter, tokens, out, format);
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + file, e);
        }
        if (training && examples < minExamples) {
            out.add(0, "too_few_examples", Severity.ERROR,
                "file has " + examples + " example(s); at least " + minExamples + " are required");
        }
        return new Scan(new ValidationReport(file.toString(), examples, out.findings()), tokens, counter.exact());
    }

    private static long offset(LineReader lines, MalformedInputException e) {
        // the decoder reports the malformed length, not the position: find it by re-decoding
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(lines.bytes(), 0, lines.length());
        java.nio.CharBuffer outBuf = java.nio.CharBuffer.allocate(lines.length() + 1);
        d.decode(in, outBuf, true);
        return in.position();
    }

    private void checkExample(long line, String text, TrainableModel model, TokenCounter counter,
                              TokenStats tokens, Collector out, java.util.concurrent.atomic.AtomicReference<String> format) {
        Object parsed;
        try {
            parsed = Json.read(text);
        } catch (IllegalArgumentException e) {
            out.add(line, "data_type", Severity.ERROR, "not valid JSON: " + shorten(e.getMessage()));
            return;
        }
        if (!(parsed instanceof Map)) {
            out.add(line, "data_type", Severity.ERROR, "is a JSON " + jsonType(parsed) + ", not an object");
            return;
        }
        Map<?, ?> example = (Map<?, ?>) parsed;
        boolean preference = example.containsKey("input") || example.containsKey("preferred_output")
            || example.containsKey("non_preferred_output");
        if (format.get() == null) {
            format.set(preference ? "preference" : "supervised");
        } else if (!format.get().equals(preference ? "preference" : "supervised")) {
            out.add(line, "mixed_formats", Severity.ERROR, "a " + (preference ? "preference" : "supervised")
                + " example in a file whose first example is " + format.get());
            return;
        }
        if (preference) {
            checkPreference(line, example, model, counter, tokens, out);
            return;
        }
        for (Object key : example.keySet()) {
            if (!EXAMPLE_KEYS.contains(key)) {
                out.add(line, "example_unrecognized_key", Severity.WARNING, "unrecognized key '" + shorten(key) + "'");
            }
        }
        Object messagesValue = example.get("messages");
        if (!(messagesValue instanceof List) || ((List<?>) messagesValue).isEmpty()) {
            out.add(line, "missing_messages_list", Severity.ERROR,
                messagesValue == null ? "no 'messages' list" : "'messages' must be a non-empty list");
            return;
        }
        List<?> messages = (List<?>) messagesValue;
        boolean system = false;
        boolean user = false;
        int assistants = 0;
        int trainedAssistants = 0;
        boolean specialToken = false;
        List<Map<String, ?>> countable = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            String where = "message " + (i + 1);
            if (!(messages.get(i) instanceof Map)) {
                out.add(line, "data_type", Severity.ERROR, where + " is a JSON " + jsonType(messages.get(i))
                    + ", not an object");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> message = (Map<String, ?>) messages.get(i);
            countable.add(message);
            Object roleValue = message.get("role");
            String role = roleValue instanceof String ? (String) roleValue : null;
            if (roleValue == null) {
                out.add(line, "message_missing_key", Severity.ERROR, where + " has no 'role'");
            } else if (role == null || !ROLES.contains(role)) {
                out.add(line, "unrecognized_role", Severity.ERROR, where + " has role '" + shorten(roleValue)
                    + "'; expected system, user, assistant, function or tool");
                role = null;
            }
            boolean assistant = "assistant".equals(role);
            for (String key : message.keySet()) {
                boolean allowed = MESSAGE_KEYS.contains(key)
                    || assistant && key.equals("tool_calls")
                    || "tool".equals(role) && key.equals("tool_call_id");
                if (key.equals("weight") && role != null && !assistant) {
                    allowed = false;
                }
                if (!allowed) {
                    out.add(line, "message_unrecognized_key", Severity.ERROR, where + " (" + (role == null ? "?" : role)
                        + ") has unrecognized key '" + shorten(key) + "'");
                }
            }
            boolean callsTool = assistant && (message.get("tool_calls") != null || message.get("function_call") != null);
            if (assistant && message.get("tool_calls") != null) {
                checkToolCalls(line, where, message.get("tool_calls"), out);
            }
            if (!message.containsKey("content")) {
                if (!callsTool) {
                    out.add(line, "message_missing_key", Severity.ERROR, where + " has no 'content'");
                }
            } else {
                specialToken |= checkContent(line, where, role, message.get("content"), callsTool, out);
            }
            if (message.get("name") instanceof String && containsSpecialToken((String) message.get("name"))) {
                specialToken = true;
            }
            if (assistant) {
                assistants++;
                Object weight = message.get("weight");
                if (weight == null) {
                    trainedAssistants++;
                } else if (!isZeroOrOne(weight)) {
                    out.add(line, "invalid_weight", Severity.ERROR, where + " has weight " + shorten(weight)
                        + "; expected 0 or 1");
                } else if (((Number) weight).intValue() == 1) {
                    trainedAssistants++;
                }
            }
            system |= "system".equals(role);
            user |= "user".equals(role);
        }
        if (assistants == 0) {
            out.add(line, "example_missing_assistant_message", Severity.ERROR, "example has no assistant message");
        } else if (trainedAssistants == 0) {
            out.add(line, "no_trained_assistant_message", Severity.WARNING,
                "every assistant message has weight 0, so the example teaches nothing");
        }
        if (!system) {
            out.add(line, "missing_system_message", Severity.WARNING, "example has no system message");
        }
        if (!user) {
            out.add(line, "missing_user_message", Severity.WARNING, "example has no user message");
        }
        if (specialToken) {
            out.add(line, "special_token", Severity.WARNING,
                "text contains special-token markup such as <|endoftext|>; it is trained as plain text");
        }
        int n = counter.countExample(countable);
        tokens.add(n);
        if (n > model.maxExampleTokens()) {
            out.add(line, "example_over_token_limit", Severity.WARNING, "example has " + n
                + (counter.exact() ? "" : " (estimated)") + " tokens; "
                + model.id() + " takes " + model.maxExampleTokens() + ", the rest is truncated");
        }
    }

    /**
     * Checks one preference example, OpenAI's {@code method.dpo} shape that Together also reads:
     * {@code input.messages} (not ending with an assistant message), and {@code preferred_output} and
     * {@code non_preferred_output}, each a list of exactly one assistant message with string content.
     * Counts the input with the longer output against the per-example limit and bills input and both
     * outputs.
     */
    private void checkPreference(long line, Map<?, ?> example, TrainableModel model, TokenCounter counter,
                                 TokenStats tokens, Collector out) {
        for (Object key : example.keySet()) {
            if (!PREFERENCE_KEYS.contains(key)) {
                out.add(line, "example_unrecognized_key", Severity.WARNING, "unrecognized key '" + shorten(key) + "'");
            }
        }
        Object input = example.get("input");
        Object messagesValue = input instanceof Map ? ((Map<?, ?>) input).get("messages") : null;
        if (!(input instanceof Map)) {
            out.add(line, "missing_input", Severity.ERROR, input == null ? "no 'input' object" : "'input' must be an object");
            return;
        }
        if (!(messagesValue instanceof List) || ((List<?>) messagesValue).isEmpty()) {
            out.add(line, "missing_messages_list", Severity.ERROR, "'input.messages' must be a non-empty list");
            return;
        }
        List<Map<String, ?>> inputMessages = new ArrayList<>();
        String previous = null;
        boolean ok = true;
        List<?> messages = (List<?>) messagesValue;
        for (int i = 0; i < messages.size(); i++) {
            String where = "input message " + (i + 1);
            Map<String, ?> message = plainMessage(line, where, messages.get(i), out);
            if (message == null) {
                ok = false;
                continue;
            }
            String role = (String) message.get("role");
            if (!Set.of("system", "user", "assistant").contains(role)) {
                out.add(line, "unrecognized_role", Severity.ERROR, where + " has role '" + shorten(role)
                    + "'; expected system, user or assistant");
                ok = false;
            } else if (catalog.limits().alternatingRoles()
                && (role.equals(previous) || role.equals("system") && i > 0)) {
                out.add(line, "roles_not_alternating", Severity.ERROR, where + " is " + role + " after " + previous
                    + "; after an optional system message, roles must alternate user/assistant");
                ok = false;
            }
            previous = role;
            inputMessages.add(message);
        }
        if (ok && "assistant".equals(previous)) {
            out.add(line, "input_ends_with_assistant", Severity.ERROR,
                "the last input message must not be from the assistant");
        }
        List<Map<String, ?>> outputs = new ArrayList<>(2);
        for (String key : List.of("preferred_output", "non_preferred_output")) {
            Object value = example.get(key);
            if (!(value instanceof List) || ((List<?>) value).size() != 1) {
                out.add(line, "invalid_" + key, Severity.ERROR, value == null ? "no '" + key + "'"
                    : "'" + key + "' must be a list of exactly one assistant message");
                continue;
            }
            Map<String, ?> message = plainMessage(line, key, ((List<?>) value).get(0), out);
            if (message == null) {
                continue;
            }
            if (!"assistant".equals(message.get("role"))) {
                out.add(line, "invalid_" + key, Severity.ERROR, key + " has role '" + shorten(message.get("role"))
                    + "'; expected assistant");
            } else if (((String) message.get("content")).isBlank()) {
                out.add(line, "empty_assistant_message", Severity.ERROR, key + " has empty content");
            } else {
                outputs.add(message);
            }
        }
        if (outputs.size() == 2 && outputs.get(0).get("content").equals(outputs.get(1).get("content"))) {
            out.add(line, "identical_outputs", Severity.ERROR,
                "preferred_output and non_preferred_output are the same, so the pair teaches nothing");
        }
        if (inputMessages.isEmpty() || outputs.size() != 2) {
            return;
        }
        int prompt = counter.countExample(inputMessages);
        int preferred = counter.countExample(List.of(outputs.get(0))) - TokenCounter.TOKENS_PER_EXAMPLE;
        int rejected = counter.countExample(List.of(outputs.get(1))) - TokenCounter.TOKENS_PER_EXAMPLE;
        int longest = prompt + Math.max(preferred, rejected);
        tokens.add(prompt + preferred + rejected);
        if (longest > model.maxExampleTokens()) {
            out.add(line, "example_over_token_limit", Severity.WARNING, "input with the longer output has " + longest
                + (counter.exact() ? "" : " (estimated)") + " tokens; " + model.id() + " takes "
                + model.maxExampleTokens() + ", the rest is truncated");
        }
    }

    /** A message with a string role and string content, or null after reporting what is wrong. */
    private static Map<String, ?> plainMessage(long line, String where, Object value, Collector out) {
        if (!(value instanceof Map)) {
            out.add(line, "data_type", Severity.ERROR, where + " is a JSON " + jsonType(value) + ", not an object");
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> message = (Map<String, ?>) value;
        if (!(message.get("role") instanceof String)) {
            out.add(line, "message_missing_key", Severity.ERROR, where + " has no string 'role'");
            return null;
        }
        if (!(message.get("content") instanceof String)) {
            out.add(line, "message_missing_key", Severity.ERROR, where + " has no string 'content'");
            return null;
        }
        return message;
    }

    /** Checks a content value; returns whether it holds special-token text. */
    private static boolean checkContent(long line, String where, String role, Object content, boolean callsTool,
                                        Collector out) {
        boolean assistant = "assistant".equals(role);
        if (content instanceof String) {
            String s = (String) content;
            if (s.isBlank() && !callsTool) {
                if (assistant) {
                    out.add(line, "empty_assistant_message", Severity.ERROR, where + " is an empty assistant reply");
                } else {
                    out.add(line, "missing_content", Severity.ERROR, where + " has empty content");
                }
            }
            return containsSpecialToken(s);
        }
        if (content == null) {
            if (!callsTool) {
                out.add(line, "missing_content", Severity.ERROR, where + " has null content");
            }
            return false;
        }
        if (content instanceof List && !((List<?>) content).isEmpty()) {
            boolean special = false;
            boolean text = false;
            for (Object part : (List<?>) content) {
                Object type = part instanceof Map ? ((Map<?, ?>) part).get("type") : null;
                if ("text".equals(type) && ((Map<?, ?>) part).get("text") instanceof String) {
                    String t = (String) ((Map<?, ?>) part).get("text");
                    text |= !t.isBlank();
                    special |= containsSpecialToken(t);
                } else if ("image_url".equals(type) && "user".equals(role)) {
                    text = true;
                } else {
                    out.add(line, "missing_content", Severity.ERROR, where + " has a content part that is not "
                        + ("user".equals(role) ? "text or an image" : "text"));
                    return special;
                }
            }
            if (!text) {
                out.add(line, assistant ? "empty_assistant_message" : "missing_content", Severity.ERROR,
                    where + " has only empty content parts");
            }
            return special;
        }
        out.add(line, "missing_content", Severity.ERROR, where + " content must be text, was a JSON " + jsonType(content));
        return false;
    }

    private static void checkToolCalls(long line, String where, Object calls, Collector out) {
        if (!(calls instanceof List) || ((List<?>) calls).isEmpty()) {
            out.add(line, "invalid_tool_calls", Severity.ERROR, where + " 'tool_calls' must be a non-empty list");
            return;
        }
        for (Object call : (List<?>) calls) {
            Map<?, ?> c = call instanceof Map ? (Map<?, ?>) call : Map.of();
            Object fn = c.get("function");
            boolean ok = c.get("id") instanceof String && "function".equals(c.get("type")) && fn instanceof Map
                && ((Map<?, ?>) fn).get("name") instanceof String && ((Map<?, ?>) fn).get("arguments") instanceof String;
            if (!ok) {
                out.add(line, "invalid_tool_calls", Severity.ERROR, where
                    + " has a tool call without id, type 'function' and function name and arguments");
                return;
            }
        }
    }

    static boolean containsSpecialToken(String s) {
        if (s.indexOf("<|") < 0) {
            return false;
        }
        for (String token : SPECIAL_TOKENS) {
            if (s.contains(token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isZeroOrOne(Object weight) {
        if (weight instanceof Integer || weight instanceof Long) {
            long v = ((Number) weight).longValue();
            return v == 0 || v == 1;
        }
        return false;
    }

    private static String jsonType(Object v) {
        if (v == null) {
            return "null";
        } else if (v instanceof String) {
            return "string";
        } else if (v instanceof Number) {
            return "number";
        } else if (v instanceof Boolean) {
            return "boolean";
        } else if (v instanceof List) {
            return "array";
        }
        return "object";
    }

    private static String shorten(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** The report and the token statistics of one pass over a file, and whether the counts are exact. */
    record Scan(ValidationReport report, TokenStats tokens, boolean exactTokens) {
    }

    /** Collects findings, listing at most {@link #MAX_FINDINGS_PER_CATEGORY} per category. */
    private static final class Collector {
        private final List<ValidationFinding> findings = new ArrayList<>();
        private final Map<String, long[]> perCategory = new HashMap<>();
        private final Map<String, Severity> severities = new HashMap<>();

        void add(long line, String category, Severity severity, String message) {
            long[] count = perCategory.computeIfAbsent(category, k -> new long[1]);
            count[0]++;
            severities.putIfAbsent(category, severity);
            if (count[0] <= MAX_FINDINGS_PER_CATEGORY) {
                findings.add(new ValidationFinding(line, category, severity, message));
            }
        }

        List<ValidationFinding> findings() {
            List<ValidationFinding> all = new ArrayList<>(findings);
            perCategory.entrySet().stream()
                .filter(e -> e.getValue()[0] > MAX_FINDINGS_PER_CATEGORY)
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> all.add(new ValidationFinding(0, e.getKey(), severities.get(e.getKey()),
                    (e.getValue()[0] - MAX_FINDINGS_PER_CATEGORY) + " more finding(s) of this category not listed")));
            return all;
        }
    }

    /** Splits a byte stream into lines ({@code \n}, optional {@code \r}) without decoding them. */
    private static final class LineReader {
        private final InputStream in;
        private final int max;
        private final byte[] chunk = new byte[1 << 16];
        private int chunkPos;
        private int chunkLen;
        private byte[] buf = new byte[8192];
        private int length;
        private long fullLength;
        private boolean tooLong;

        LineReader(InputStream in, int max) {
            this.in = in;
            this.max = max;
        }

        boolean next() throws IOException {
            if (buf.length > (1 << 20)) {
                buf = new byte[8192];
            }
            length = 0;
            fullLength = 0;
            tooLong = false;
            boolean any = false;
            while (true) {
                if (chunkPos == chunkLen) {
                    chunkLen = in.read(chunk);
                    chunkPos = 0;
                    if (chunkLen <= 0) {
                        chunkLen = 0;
                        break;
                    }
                }
                any = true;
                int start = chunkPos;
                int end = start;
                while (end < chunkLen && chunk[end] != '\n') {
                    end++;
                }
                append(start, end - start);
                chunkPos = end < chunkLen ? end + 1 : end;
                if (end < chunkLen) {
                    break;
                }
            }
            if (!any) {
                return false;
            }
            if (!tooLong && length > 0 && buf[length - 1] == '\r') {
                length--;
            }
            return true;
        }

        private void append(int from, int n) {
            fullLength += n;
            if (tooLong || n == 0) {
                return;
            }
            if ((long) length + n > max) {
                tooLong = true;
                return;
            }
            if (length + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, length + n), max));
            }
            System.arraycopy(chunk, from, buf, length, n);
            length += n;
        }

        byte[] bytes() {
            return buf;
        }

        int length() {
            return tooLong ? (int) Math.min(Integer.MAX_VALUE, fullLength) : length;
        }

        boolean tooLong() {
            return tooLong;
        }
    }
}
