/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.slabstak.slabml.core.internal.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact token counts with a model's encoding ({@code o200k_base} or {@code cl100k_base}), as
 * tiktoken counts them. Text is encoded as ordinary text, so user text such as
 * {@code <|endoftext|>} is counted rather than rejected. Chat examples are counted the way
 * OpenAI's cookbook counts them: 3 tokens per message, the tokens of every value (role, content,
 * name, tool calls), 1 more per {@code name}, and 3 per example for the primed reply.
 * Thread-safe.
 *
 * {@code
 * TokenCounter counter = TokenCounter.forEncoding(ModelTable.O200K_BASE);
 * int n = counter.countText("hello world"); // 2
 * }
 */
public final class TokenCounter {
    /** Tokens every message adds besides its values. */
    public static final int TOKENS_PER_MESSAGE = 3;
    /** Tokens a {@code name} adds besides its value. */
    public static final int TOKENS_PER_NAME = 1;
    /** Tokens every example adds for the primed assistant reply. */
    public static final int TOKENS_PER_EXAMPLE = 3;

    /** System prompts repeat on every line of a file; their counts are remembered (bounded). */
    private static final int SYSTEM_CACHE_ENTRIES = 64;
    private static final int SYSTEM_CACHE_MAX_CHARS = 16_384;

    private final Encoding encoding;
    private final Map<String, Integer> systemCache = new ConcurrentHashMap<>();

    private TokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    /** Returns a counter for {@link ModelTable#O200K_BASE} or {@link ModelTable#CL100K_BASE}. */
    public static TokenCounter forEncoding(String encodingName) {
        Objects.requireNonNull(encodingName, "encodingName");
        EncodingType type;
        if (encodingName.equals(ModelTable.O200K_BASE)) {
            type = EncodingType.O200K_BASE;
        } else if (encodingName.equals(ModelTable.CL100K_BASE)) {
            type = EncodingType.CL100K_BASE;
        } else {
            throw new com.slabstak.slabml.InvalidInputException("encoding",
                "must be o200k_base or cl100k_base, was " + encodingName);
        }
        return new TokenCounter(Registry.INSTANCE.getEncoding(type));
    }

    /** Returns a counter for a model of the table. */
    public static TokenCounter forModel(ModelTable.Model model) {
        return forEncoding(Objects.requireNonNull(model, "model").encoding());
    }

    /** The encoding's name. */
    public String encodingName() {
        return encoding.getName();
    }

    /** Counts the tokens of plain text (special-token text counts as ordinary text). */
    public int countText(String text) {
        Objects.requireNonNull(text, "text");
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** Returns the token ids of plain text, as ordinary text. */
    public int[] encode(String text) {
        return encoding.encodeOrdinary(Objects.requireNonNull(text, "text")).toArray();
    }

    /**
     * Counts one chat example: its messages as JSON-like maps ({@code role}, {@code content},
     * optional {@code name}, {@code tool_calls}, ...). {@code weight} is not text and adds nothing.
     */
    public int countExample(List<? extends Map<String, ?>> messages) {
        Objects.requireNonNull(messages, "messages");
        long total = TOKENS_PER_EXAMPLE;
        for (Map<String, ?> message : messages) {
            total += countMessage(message);
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    private long countMessage(Map<String, ?> message) {
        long n = TOKENS_PER_MESSAGE;
        boolean system = "system".equals(message.get("role"));
        for (Map.Entry<String, ?> e : message.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.equals("weight") || value == null) {
                continue;
            }
            if (system && key.equals("content") && value instanceof String
                && ((String) value).length() <= SYSTEM_CACHE_MAX_CHARS) {
                n += countSystemContent((String) value);
            } else {
                n += countValue(key, value);
            }
            if (key.equals("name")) {
                n += TOKENS_PER_NAME;
            }
        }
        return n;
    }

    private int countSystemContent(String content) {
        Integer cached = systemCache.get(content);
        if (cached != null) {
            return cached;
        }
        int n = countText(content);
        if (systemCache.size() >= SYSTEM_CACHE_ENTRIES) {
            systemCache.clear();
        }
        systemCache.put(content, n);
        return n;
    }

    private long countValue(String key, Object value) {
        if (value instanceof String) {
            return countText((String) value);
        }
        if (key.equals("content") && value instanceof List) {
            long n = 0;
            for (Object part : (List<?>) value) {
                if (part instanceof Map && ((Map<?, ?>) part).get("text") instanceof String) {
                    n += countText((String) ((Map<?, ?>) part).get("text"));
                }
            }
            return n;
        }
        return countText(Json.write(value));
    }

    /** Loads encodings on first use only; the registry is immutable once loaded. */
    private static final class Registry {
        static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
    }
}
