/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one {@link ChatRequest}.
 */
public final class ChatResponse {
    private final String text;
    private final String model;
    private final TokenUsage usage;
    private final java.time.Duration latency;
    private final String finishReason;

    private ChatResponse(Builder b) {
        this.text = Objects.requireNonNull(b.text, "text");
        this.model = Objects.requireNonNull(b.model, "model");
        this.usage = Objects.requireNonNull(b.usage, "usage");
        this.latency = Objects.requireNonNull(b.latency, "latency");
        this.finishReason = b.finishReason;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.text = this.text;
        b.model = this.model;
        b.usage = this.usage;
        b.latency = this.latency;
        b.finishReason = this.finishReason;
        return b;
    }

    /** The assistant's reply. */
    public String text() {
        return text;
    }

    /** The model that answered, as the provider reports it. */
    public String model() {
        return model;
    }

    /** Tokens used. */
    public TokenUsage usage() {
        return usage;
    }

    /** Wall-clock time of the call. */
    public java.time.Duration latency() {
        return latency;
    }

    /** Why generation stopped, as the provider reports it. */
    public Optional<String> finishReason() {
        return Optional.ofNullable(finishReason);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChatResponse)) {
            return false;
        }
        ChatResponse that = (ChatResponse) o;
        return Objects.equals(text, that.text)
            && Objects.equals(model, that.model)
            && Objects.equals(usage, that.usage)
            && Objects.equals(latency, that.latency)
            && Objects.equals(finishReason, that.finishReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, model, usage, latency, finishReason);
    }

    @Override
    public String toString() {
        return "ChatResponse{"
            + "text=" + text
            + ", model=" + model
            + ", usage=" + usage
            + ", latency=" + latency
            + ", finishReason=" + finishReason
            + '}';
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

        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder usage(TokenUsage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        public Builder latency(java.time.Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** Sets finishReason; {@code null} clears it. */
        public Builder finishReason(String finishReason) {
            this.finishReason = finishReason;
            return this;
        }

        public ChatResponse build() {
            return new ChatResponse(this);
        }
    }
}
