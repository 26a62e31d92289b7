/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * Tokens one call used.
 *
 * @since 0.1
 */
public record TokenUsage(long promptTokens, long completionTokens) {
    /** Nothing counted. */
    public static final TokenUsage ZERO = new TokenUsage(0, 0);

    /**
     * Checks the components.
     *
     * @param promptTokens the prompt tokens
     * @param completionTokens the completion tokens
     */
    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /**
     * Returns prompt and completion tokens together.
     *
     * @return the total
     */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /**
     * Returns the sum of two usages.
     *
     * @param other the other
     * @return the sum of two usages
     */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}