/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.slabstak.slabml.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Exact counts with a Hugging Face {@code tokenizer.json}, through DJL's binding of the Rust
 * tokenizers library. The native library ships inside the {@code ai.djl.huggingface:tokenizers}
 * jar and is extracted to DJL's cache directory on first use; nothing is downloaded. Special
 * tokens are not added and nothing is truncated or padded, so a count is the text's own tokens.
 * Only loaded when that jar is on the class path ({@link #available()}).
 */
final class HuggingFaceTokens implements TokenCounter.Tokens {
    private static final String CLASS = "ai.djl.huggingface.tokenizers.HuggingFaceTokenizer";

    private final HuggingFaceTokenizer tokenizer;

    private HuggingFaceTokens(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Whether the tokenizers library is on the class path. */
    static boolean available() {
        try {
            Class.forName(CLASS, false, HuggingFaceTokens.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Loads a {@code tokenizer.json}.
     *
     * @throws InvalidInputException naming the file if it cannot be read as a tokenizer
     */
    static HuggingFaceTokens open(Path file) {
        try {
            return new HuggingFaceTokens(HuggingFaceTokenizer.newInstance(file, Map.of(
                "addSpecialTokens", "false", "truncation", "false", "padding", "false",
                "maxLength", Integer.toString(Integer.MAX_VALUE))));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("tokenizer", 0, "cannot load " + file + " as a Hugging Face tokenizer: "
                + e.getMessage(), e);
        }
    }

    @Override
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public int count(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
