/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.ValidationFinding.Severity;
import com.slabstak.slabml.spi.TrainableModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks of a preference pair, for {@link ExampleCheck}. */
final class PreferenceCheck {
    private static final Set<String> PREFERENCE_KEYS = Set.of("input", "preferred_output", "non_preferred_output");

    private PreferenceCheck() {
    }

    /**
     * Checks one preference example, OpenAI's {@code method.dpo} shape that Together also reads:
     * {@code input.messages} (not ending with an assistant message), and {@code preferred_output} and
     * {@code non_preferred_output}, each a list of exactly one assistant message with string content.
     * Counts the input with the longer output against the per-example limit and bills input and both
     * outputs.
     */
    static void check(ExampleCheck c, long line, Map<?, ?> example) {
        FindingCollector out = c.out;
        TrainableModel model = c.model;
        TokenCounter counter = c.counter;
        for (Object key : example.keySet()) {
            if (!PREFERENCE_KEYS.contains(key)) {
                out.add(line, "example_unrecognized_key", Severity.WARNING, "unrecognized key '" + ExampleCheck.shorten(key) + "'");
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
            Map<String, ?> message = plainMessage(c, line, where, messages.get(i));
            if (message == null) {
                ok = false;
                continue;
            }
            String role = (String) message.get("role");
            if (!Set.of("system", "user", "assistant").contains(role)) {
                out.add(line, "unrecognized_role", Severity.ERROR, where + " has role '" + ExampleCheck.shorten(role)
                    + "'; expected system, user or assistant");
                ok = false;
            } else if (c.alternatingRoles
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
            Map<String, ?> message = plainMessage(c, line, key, ((List<?>) value).get(0));
            if (message == null) {
                continue;
            }
            if (!"assistant".equals(message.get("role"))) {
                out.add(line, "invalid_" + key, Severity.ERROR, key + " has role '" + ExampleCheck.shorten(message.get("role"))
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
        List<Map<String, ?>> all = new ArrayList<>(inputMessages);
        all.addAll(outputs);
        if (!c.mayExceed(all)) {
            return;
        }
        int prompt = counter.countExample(inputMessages);
        int preferred = counter.countExample(List.of(outputs.get(0))) - TokenCounter.TOKENS_PER_EXAMPLE;
        int rejected = counter.countExample(List.of(outputs.get(1))) - TokenCounter.TOKENS_PER_EXAMPLE;
        int longest = prompt + Math.max(preferred, rejected);
        c.tokens.add(prompt + preferred + rejected);
        if (longest > model.maxExampleTokens()) {
            out.add(line, "example_over_token_limit", Severity.WARNING, "input with the longer output has " + longest
                + (counter.exact() ? "" : " (estimated)") + " tokens; " + model.id() + " takes "
                + model.maxExampleTokens() + ", the rest is truncated");
        }
    }

    /** A message with a string role and string content, or null after reporting what is wrong. */
    private static Map<String, ?> plainMessage(ExampleCheck c, long line, String where, Object value) {
        if (!(value instanceof Map)) {
            c.out.add(line, "data_type", Severity.ERROR, where + " is a JSON " + ExampleCheck.jsonType(value) + ", not an object");
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> message = (Map<String, ?>) value;
        if (!(message.get("role") instanceof String)) {
            c.out.add(line, "message_missing_key", Severity.ERROR, where + " has no string 'role'");
            return null;
        }
        if (!(message.get("content") instanceof String)) {
            c.out.add(line, "message_missing_key", Severity.ERROR, where + " has no string 'content'");
            return null;
        }
        return message;
    }
}
