/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.ValidationFinding.Severity;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.TrainableModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the examples of one file, line by line, for {@link DatasetValidator}: a chat example
 * ({@code messages}: roles, keys, content, tool calls, weights), or a preference pair
 * ({@link PreferenceCheck}), and counts its tokens against the model's per-example limit. When
 * exact counts are not wanted (only the findings), an example whose UTF-8 bytes bound its tokens
 * below the limit is not tokenized at all ({@link TokenCounter#byteBound}). One per file; not
 * thread-safe.
 */
final class ExampleCheck {
    static final Set<String> ROLES = Set.of("system", "user", "assistant", "function", "tool");
    private static final Set<String> MESSAGE_KEYS = Set.of("role", "content", "name", "function_call", "weight");
    private static final Set<String> EXAMPLE_KEYS = Set.of("messages", "tools", "parallel_tool_calls", "functions");
    /** Special tokens of the common tiktoken encodings, and chat markup tokens; trained as plain text. */
    static final List<String> SPECIAL_TOKENS = List.of(
        "<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
        "<|im_start|>", "<|im_end|>", "<|im_sep|>", "<|start|>", "<|end|>", "<|message|>", "<|channel|>",
        "<|return|>", "<|call|>", "<|constrain|>");

    final TrainableModel model;
    final TokenCounter counter;
    final TokenStats tokens;
    final FindingCollector out;
    final boolean alternatingRoles;
    private final boolean countAll;
    private String format;

    /**
     * @param countAll whether every example is counted (for totals and percentiles), or only those
     *     that may exceed the limit (for the findings alone)
     */
    ExampleCheck(TrainableModel model, TokenCounter counter, TokenStats tokens, FindingCollector out,
                 boolean alternatingRoles, boolean countAll) {
        this.model = model;
        this.counter = counter;
        this.tokens = tokens;
        this.out = out;
        this.alternatingRoles = alternatingRoles;
        this.countAll = countAll;
    }

    /** Checks one line's text: a chat example, or a preference pair. */
    void check(long line, String text) {
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
        if (format == null) {
            format = preference ? "preference" : "supervised";
        } else if (!format.equals(preference ? "preference" : "supervised")) {
            out.add(line, "mixed_formats", Severity.ERROR, "a " + (preference ? "preference" : "supervised")
                + " example in a file whose first example is " + format);
            return;
        }
        if (preference) {
            PreferenceCheck.check(this, line, example);
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
                checkToolCalls(line, where, message.get("tool_calls"));
            }
            if (!message.containsKey("content")) {
                if (!callsTool) {
                    out.add(line, "message_missing_key", Severity.ERROR, where + " has no 'content'");
                }
            } else {
                specialToken |= checkContent(line, where, role, message.get("content"), callsTool);
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
        if (!mayExceed(countable)) {
            return;
        }
        int n = counter.countExample(countable);
        tokens.add(n);
        if (n > model.maxExampleTokens()) {
            out.add(line, "example_over_token_limit", Severity.WARNING, "example has " + n
                + (counter.exact() ? "" : " (estimated)") + " tokens; "
                + model.id() + " takes " + model.maxExampleTokens() + ", the rest is truncated");
        }
    }

    /** Checks a content value; returns whether it holds special-token text. */
    private boolean checkContent(long line, String where, String role, Object content, boolean callsTool) {
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

    private void checkToolCalls(long line, String where, Object calls) {
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

    static boolean isZeroOrOne(Object weight) {
        if (weight instanceof Integer || weight instanceof Long) {
            long v = ((Number) weight).longValue();
            return v == 0 || v == 1;
        }
        return false;
    }

    static String jsonType(Object v) {
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

    static String shorten(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /**
     * Whether the messages need counting: always when every example is counted, else only when
     * their byte bound exceeds the model's limit (the counter must be one whose tokens each span
     * at least one byte).
     */
    boolean mayExceed(List<? extends Map<String, ?>> messages) {
        return countAll || !counter.boundedByBytes() || TokenCounter.byteBound(messages) > model.maxExampleTokens();
    }
}
