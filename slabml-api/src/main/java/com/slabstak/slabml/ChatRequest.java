/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat completion request, as an {@link com.slabstak.slabml.spi.InferenceBackend} receives it.
 */
public final class ChatRequest {
    private final String model;
    private final List<ChatMessage> messages;
    private final Double temperature;
    private final Integer maxTokens;
    private final JsonSchema responseSchema;
    private final java.time.Duration timeout;

    private ChatRequest(Builder b) {
        this.model = Objects.requireNonNull(b.model, "model");
        this.messages = List.copyOf(b.messages);
        this.temperature = b.temperature;
        this.maxTokens = b.maxTokens;
        this.responseSchema = b.responseSchema;
        this.timeout = b.timeout;
        validate();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = this.model;
        b.messages.addAll(this.messages);
        b.temperature = this.temperature;
        b.maxTokens = this.maxTokens;
        b.responseSchema = this.responseSchema;
        b.timeout = this.timeout;
        return b;
    }

    /** The model to call. */
    public String model() {
        return model;
    }

    /** The conversation, in order. */
    public List<ChatMessage> messages() {
        return messages;
    }

    /** Sampling temperature; absent means the provider default. */
    public java.util.OptionalDouble temperature() {
        return temperature == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(temperature);
    }

    /** Upper bound on completion tokens. */
    public java.util.OptionalInt maxTokens() {
        return maxTokens == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(maxTokens);
    }

    /** Structured output schema, for providers that support it. */
    public Optional<JsonSchema> responseSchema() {
        return Optional.ofNullable(responseSchema);
    }

    /** Per-call timeout; absent means the provider default. */
    public Optional<java.time.Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    private void validate() {
        if (messages.isEmpty()) {
            throw new InvalidInputException("messages", "must not be empty");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChatRequest)) {
            return false;
        }
        ChatRequest that = (ChatRequest) o;
        return Objects.equals(model, that.model)
            && Objects.equals(messages, that.messages)
            && Objects.equals(temperature, that.temperature)
            && Objects.equals(maxTokens, that.maxTokens)
            && Objects.equals(responseSchema, that.responseSchema)
            && Objects.equals(timeout, that.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, messages, temperature, maxTokens, responseSchema, timeout);
    }

    @Override
    public String toString() {
        return "ChatRequest{"
            + "model=" + model
            + ", messages=" + messages
            + ", temperature=" + temperature
            + ", maxTokens=" + maxTokens
            + ", responseSchema=" + responseSchema
            + ", timeout=" + timeout
            + '}';
    }

    /** Builds ChatRequest values. */
    public static final class Builder {
        private String model;
        private final List<ChatMessage> messages = new ArrayList<>();
        private Double temperature;
        private Integer maxTokens;
        private JsonSchema responseSchema;
        private java.time.Duration timeout;

        private Builder() {
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder messages(java.util.Collection<? extends ChatMessage> messages) {
            this.messages.clear();
            this.messages.addAll(Objects.requireNonNull(messages, "messages"));
            return this;
        }

        public Builder addMessage(ChatMessage message) {
            this.messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** Sets temperature; {@code null} clears it. */
        public Builder temperature(Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Sets maxTokens; {@code null} clears it. */
        public Builder maxTokens(Integer maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** Sets responseSchema; {@code null} clears it. */
        public Builder responseSchema(JsonSchema responseSchema) {
            this.responseSchema = responseSchema;
            return this;
        }

        /** Sets timeout; {@code null} clears it. */
        public Builder timeout(java.time.Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(this);
        }
    }
}
