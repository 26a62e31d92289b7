/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.InvalidInputException;
import java.util.Locale;
import java.util.Objects;

/**
 * Which tokenizer counts a model's tokens. Counts are exact when the tokenizer runs offline:
 * a tiktoken encoding by name, or a Hugging Face {@code tokenizer.json} the host keeps on disk.
 * Otherwise they are estimates, and every count says so.
 *
 * <pre>{@code
 * TokenizerSpec a = TokenizerSpec.tiktoken("o200k_base");
 * TokenizerSpec b = TokenizerSpec.huggingFace("org/model");   // the host points to its tokenizer.json
 * TokenizerSpec c = TokenizerSpec.parse("estimate");
 * }</pre>
 *
 * @param kind how the tokens are counted
 * @param name the encoding name (tiktoken), the tokenizer's repository id or file path (Hugging
 *             Face), or empty (estimate)
 * @since 0.2
 */
public record TokenizerSpec(Kind kind, String name) {
    /** How tokens are counted. */
    public enum Kind {
        /** A tiktoken encoding, named by {@link #name()}; exact. */
        TIKTOKEN,
        /** A Hugging Face tokenizer; exact when its {@code tokenizer.json} is on disk. */
        HUGGING_FACE,
        /** No tokenizer: counts are estimated from the text's length. */
        ESTIMATE
    }

    private static final TokenizerSpec ESTIMATED = new TokenizerSpec(Kind.ESTIMATE, "");

    /**
     * Checks the parts.
     *
     * @throws InvalidInputException if a tiktoken or Hugging Face spec has no name
     * @param kind how the tokens are counted
     * @param name the encoding name (tiktoken), the tokenizer's repository id or file path (Hugging
     */
    public TokenizerSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (kind != Kind.ESTIMATE && name.isBlank()) {
            throw new InvalidInputException("tokenizer", kind.name().toLowerCase(Locale.ROOT) + " needs a name");
        }
    }

    /**
     * A tiktoken encoding.
     *
     * @param encoding such as {@code o200k_base}
     * @return the spec
     */
    public static TokenizerSpec tiktoken(String encoding) {
        return new TokenizerSpec(Kind.TIKTOKEN, encoding);
    }

    /**
     * A Hugging Face tokenizer.
     *
     * @param idOrPath the tokenizer's repository id, or the path of its {@code tokenizer.json}
     * @return the spec
     */
    public static TokenizerSpec huggingFace(String idOrPath) {
        return new TokenizerSpec(Kind.HUGGING_FACE, idOrPath);
    }

    /**
     * No tokenizer: estimate.
     *
     * @return the spec
     */
    public static TokenizerSpec estimate() {
        return ESTIMATED;
    }

    /**
     * Parses {@code tiktoken:<encoding>}, {@code huggingface:<id or path>} (also {@code hf:}) or
     * {@code estimate}, as configuration writes them.
     *
     * @param text the text
     * @return the spec
     * @throws InvalidInputException naming the text if it is none of those
     */
    public static TokenizerSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        if (t.equalsIgnoreCase("estimate")) {
            return ESTIMATED;
        }
        int colon = t.indexOf(':');
        String prefix = colon < 0 ? "" : t.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : t.substring(colon + 1).trim();
        switch (prefix) {
            case "tiktoken":
                return tiktoken(rest);
            case "huggingface": case "hf":
                return huggingFace(rest);
            default:
                throw new InvalidInputException("tokenizer",
                    "expected tiktoken:<encoding>, huggingface:<tokenizer.json> or estimate, was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case TIKTOKEN: return "tiktoken:" + name;
            case HUGGING_FACE: return "huggingface:" + name;
            default: return "estimate";
        }
    }
}
