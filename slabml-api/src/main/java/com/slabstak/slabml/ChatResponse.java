/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one {@link ChatRequest}.
 *
 * @param text the assistant's reply
 * @param model the model that answered, as the provider reports it
 * @param usage tokens used
 * @param latency wall-clock time of the call
 * @param finishReason why generation stopped, as the provider reports it
 * @since 0.1
 */
public record ChatResponse(
    String text,
    String model,
    TokenUsage usage,
    java.time.Duration latency,
    Optional<String> finishReason
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param text the assistant's reply
     * @param model the model that answered, as the provider reports it
     * @param usage tokens used
     * @param latency wall-clock time of the call
     * @param finishReason why generation stopped, as the provider reports it
     */
    public ChatResponse {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(finishReason, "finishReason");
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with no value set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from this value.
     *
     * @return a builder holding this value's components
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.text = this.text;
        b.model = this.model;
        b.usage = this.usage;
        b.latency = this.latency;
        b.finishReason = this.finishReason.orElse(null);
        return b;
    }

    /** Builds ChatResponse values. */
    public static final class Builder {
        private String text;
        private String model;
        private TokenUsage usage = TokenUsage.ZERO;
        private java.time.Duration latency = Duration.ZERO;
        private String finishReason;

        private Builder() {
        }

        /**
         * Sets the assistant's reply.
         *
         * @param text the assistant's reply
         * @return this builder
         */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Sets the model that answered, as the provider reports it.
         *
         * @param model the model that answered, as the provider reports it
         * @return this builder
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Sets tokens used.
         *
         * @param usage tokens used
         * @return this builder
         */
        public Builder usage(TokenUsage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        /**
         * Sets wall-clock time of the call.
         *
         * @param latency wall-clock time of the call
         * @return this builder
         */
        public Builder latency(java.time.Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /**
         * Sets finishReason; {@code null} clears it.
         *
         * @param finishReason why generation stopped, as the provider reports it
         * @return this builder
         */
        public Builder finishReason(String finishReason) {
            this.finishReason = finishReason;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public ChatResponse build() {
            return new ChatResponse(text, model, usage, latency, Optional.ofNullable(finishReason));
        }
    }
}
