/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.TokenizerSpec;
import com.slabstak.slabml.spi.TrainableModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token counts of a model's training examples, and whether they are exact. Exact with a tiktoken
 * encoding (jtokkit, as tiktoken counts) or with a Hugging Face {@code tokenizer.json} on disk;
 * otherwise an estimate of one token per {@value #CHARS_PER_ESTIMATED_TOKEN} characters, and
 * {@link #exact()} says so. Text is encoded as ordinary text, so user text such as
 * {@code <|endoftext|>} is counted rather than rejected. Chat examples are counted the way
 * OpenAI's cookbook counts them: 3 tokens per message, the tokens of every value (role, content,
 * name, tool calls), 1 more per {@code name}, and 3 per example for the primed reply.
 * Thread-safe; close it to free a native tokenizer.
 *
 * {@code
 * try (TokenCounter counter = TokenCounter.forSpec(TokenizerSpec.tiktoken("cl100k_base"))) {
 *     int n = counter.countText("hello world"); // 2
 * }
 * }
 */
final class TokenCounter implements AutoCloseable {
    /** Tokens every message adds besides its values. */
    public static final int TOKENS_PER_MESSAGE = 3;
    /** Tokens a {@code name} adds besides its value. */
    public static final int TOKENS_PER_NAME = 1;
    /** Tokens every example adds for the primed assistant reply. */
    public static final int TOKENS_PER_EXAMPLE = 3;
    /** Characters per token when no tokenizer runs: the usual figure for English text. */
    public static final int CHARS_PER_ESTIMATED_TOKEN = 4;

    /** System prompts repeat on every line of a file; their counts are remembered (bounded). */
    private static final int SYSTEM_CACHE_ENTRIES = 64;
    private static final int SYSTEM_CACHE_MAX_CHARS = 16_384;

    /** Encodes plain text; the one thing that differs between tokenizers. */
    interface Tokens extends AutoCloseable {
        int[] encode(String text);

        default int count(String text) {
            return encode(text).length;
        }

        /** Whether every token spans at least one byte of UTF-8, so a text has at most its byte count. */
        default boolean boundedByBytes() {
            return false;
        }

        @Override
        default void close() {
        }
    }

    private final Tokens tokens;
    private final String description;
    private final boolean exact;
    private final String estimateReason;
    private final Map<String, Integer> systemCache = new ConcurrentHashMap<>();

    private TokenCounter(Tokens tokens, String description, boolean exact, String estimateReason) {
        this.tokens = tokens;
        this.description = description;
        this.exact = exact;
        this.estimateReason = estimateReason;
    }

    /**
     * Returns an exact counter for a tiktoken encoding jtokkit knows ({@code o200k_base},
     * {@code cl100k_base}, {@code p50k_base}, {@code r50k_base}).
     *
     * @throws InvalidInputException naming the encoding if jtokkit does not know it
     */
    public static TokenCounter forEncoding(String encodingName) {
        Objects.requireNonNull(encodingName, "encodingName");
        Optional<EncodingType> type = EncodingType.fromName(encodingName);
        if (type.isEmpty() || encodingName.equals("p50k_edit")) {
            throw new InvalidInputException("encoding",
                "must be a tiktoken encoding (o200k_base, cl100k_base, p50k_base, r50k_base), was " + encodingName);
        }
        // loaded on the first count, so a counter that is never asked costs nothing; o200k_base counts
        // with its own compact table, which loads several times faster than jtokkit's encoding
        boolean fast = encodingName.equals("o200k_base");
        Tokens t = new Tokens() {
            private volatile com.knuddels.jtokkit.api.Encoding encoding;

            private com.knuddels.jtokkit.api.Encoding encoding() {
                com.knuddels.jtokkit.api.Encoding e = encoding;
                if (e == null) {
                    e = Registry.INSTANCE.getEncoding(type.get());
                    encoding = e;
                }
                return e;
            }

            @Override
            public int[] encode(String text) {
                return encoding().encodeOrdinary(text).toArray();
            }

            @Override
            public int count(String text) {
                if (fast) {
                    int n = O200k.INSTANCE.count(text);
                    if (n >= 0) {
                        return n;
                    }
                }
                return encoding().countTokensOrdinary(text);
            }

            @Override
            public boolean boundedByBytes() {
                return true;
            }
        };
        return new TokenCounter(t, "tiktoken:" + encodingName, true, null);
    }

    /**
     * Returns a counter for a tokenizer descriptor: exact for tiktoken, exact for a Hugging Face
     * tokenizer whose {@code tokenizer.json} exists on disk (the descriptor's name is its path, or
     * a directory holding it) when the tokenizers library is present; an estimate otherwise, with
     * the reason.
     *
     * @throws InvalidInputException for an unknown tiktoken encoding or an unreadable tokenizer file
     */
    public static TokenCounter forSpec(TokenizerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        switch (spec.kind()) {
            case TIKTOKEN:
                return forEncoding(spec.name());
            case HUGGING_FACE: {
                Optional<Path> file = tokenizerFile(spec.name());
                if (file.isEmpty()) {
                    return estimate("no tokenizer.json on disk for " + spec.name()
                        + " (set slabml.models.<model>.tokenizer=huggingface:<path to tokenizer.json>)");
                }
                if (!HuggingFaceTokens.available()) {
                    return estimate("ai.djl.huggingface:tokenizers is not on the class path");
                }
                return new TokenCounter(HuggingFaceTokens.open(file.get()), "huggingface:" + file.get(), true, null);
            }
            default:
                return estimate("the model has no tokenizer that runs offline");
        }
    }

    /** Returns a counter for a model of a catalogue. */
    public static TokenCounter forModel(TrainableModel model) {
        return forSpec(Objects.requireNonNull(model, "model").tokenizer());
    }

    /** Returns a counter that estimates one token per {@value #CHARS_PER_ESTIMATED_TOKEN} characters. */
    public static TokenCounter estimate(String reason) {
        Tokens t = new Tokens() {
            @Override
            public int[] encode(String text) {
                throw new UnsupportedOperationException("an estimating counter has no token ids");
            }

            @Override
            public int count(String text) {
                return (int) Math.min(Integer.MAX_VALUE,
                    (text.length() + (long) CHARS_PER_ESTIMATED_TOKEN - 1) / CHARS_PER_ESTIMATED_TOKEN);
            }

            @Override
            public boolean boundedByBytes() {
                // a quarter of the UTF-16 length, which is at most the UTF-8 length
                return true;
            }
        };
        return new TokenCounter(t, "estimate", false, Objects.requireNonNull(reason, "reason"));
    }

    private static Optional<Path> tokenizerFile(String name) {
        Path p;
        try {
            p = Path.of(name);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (Files.isDirectory(p)) {
            p = p.resolve("tokenizer.json");
        }
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Whether {@link #byteBound} bounds this counter's counts: true for tiktoken encodings (byte-level
     * BPE: every token is at least one byte) and for estimates, false for Hugging Face tokenizers
     * (some add a token of their own before a word).
     */
    public boolean boundedByBytes() {
        return tokens.boundedByBytes();
    }

    /**
     * An upper bound of {@link #countExample} for counters that are {@link #boundedByBytes()}: the
     * same per-message and per-example overheads, with every text's UTF-8 length in place of its
     * tokens. Computed without a tokenizer.
     */
    public static long byteBound(List<? extends Map<String, ?>> messages) {
        Objects.requireNonNull(messages, "messages");
        long total = TOKENS_PER_EXAMPLE;
        for (Map<String, ?> message : messages) {
            total += TOKENS_PER_MESSAGE;
            for (Map.Entry<String, ?> e : message.entrySet()) {
                Object value = e.getValue();
                if (e.getKey().equals("weight") || value == null) {
                    continue;
                }
                if (value instanceof String) {
                    total += utf8Length((String) value);
                } else if (e.getKey().equals("content") && value instanceof List) {
                    for (Object part : (List<?>) value) {
                        if (part instanceof Map && ((Map<?, ?>) part).get("text") instanceof String) {
                            total += utf8Length((String) ((Map<?, ?>) part).get("text"));
                        }
                    }
                } else {
                    total += utf8Length(Json.write(value));
                }
                if (e.getKey().equals("name")) {
                    total += TOKENS_PER_NAME;
                }
            }
        }
        return total;
    }

    /** The UTF-8 length of a string, without encoding it (an unpaired surrogate counts 3, as '?' would 1). */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Whether counts are exact (a tokenizer ran) rather than estimated. */
    public boolean exact() {
        return exact;
    }

    /** Why counts are estimated, for an estimating counter. */
    public Optional<String> estimateReason() {
        return Optional.ofNullable(estimateReason);
    }

    /** What counts: {@code tiktoken:<encoding>}, {@code huggingface:<file>} or {@code estimate}. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        tokens.close();
    }


    /** Counts the tokens of plain text (special-token text counts as ordinary text). */
    public int countText(String text) {
        Objects.requireNonNull(text, "text");
        return text.isEmpty() ? 0 : tokens.count(text);
    }

    /**
     * Returns the token ids of plain text, as ordinary text.
     *
     * @throws UnsupportedOperationException for an estimating counter
     */
    public int[] encode(String text) {
        return tokens.encode(Objects.requireNonNull(text, "text"));
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

    /** The o200k_base counting table, loaded on first use. */
    private static final class O200k {
        static final O200kTokens INSTANCE = O200kTokens.load();
    }

    /** Loads encodings on first use only; the registry is immutable once loaded. */
    private static final class Registry {
        static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
    }
}
