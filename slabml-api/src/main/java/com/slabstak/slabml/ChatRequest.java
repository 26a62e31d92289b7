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
 *
 * @param model the model to call
 * @param messages the conversation, in order
 * @param temperature sampling temperature; absent means the provider default
 * @param maxTokens upper bound on completion tokens
 * @param responseSchema structured output schema, for providers that support it
 * @param timeout per-call timeout; absent means the provider default
 * @since 0.1
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    java.util.OptionalDouble temperature,
    java.util.OptionalInt maxTokens,
    Optional<JsonSchema> responseSchema,
    Optional<java.time.Duration> timeout
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param model the model to call
     * @param messages the conversation, in order
     * @param temperature sampling temperature; absent means the provider default
     * @param maxTokens upper bound on completion tokens
     * @param responseSchema structured output schema, for providers that support it
     * @param timeout per-call timeout; absent means the provider default
     */
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
        Objects.requireNonNull(responseSchema, "responseSchema");
        Objects.requireNonNull(timeout, "timeout");
        if (messages.isEmpty()) {
            throw new InvalidInputException("messages", "must not be empty");
        }
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
        b.model = this.model;
        b.messages.addAll(this.messages);
        b.temperature = this.temperature.isPresent() ? Double.valueOf(this.temperature.getAsDouble()) : null;
        b.maxTokens = this.maxTokens.isPresent() ? Integer.valueOf(this.maxTokens.getAsInt()) : null;
        b.responseSchema = this.responseSchema.orElse(null);
        b.timeout = this.timeout.orElse(null);
        return b;
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

        /**
         * Sets the model to call.
         *
         * @param model the model to call
         * @return this builder
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Sets the conversation, in order.
         *
         * @param messages the conversation, in order
         * @return this builder
         */
        public Builder messages(java.util.Collection<? extends ChatMessage> messages) {
            this.messages.clear();
            this.messages.addAll(Objects.requireNonNull(messages, "messages"));
            return this;
        }

        /**
         * Adds one element to {@code message}.
         *
         * @param message the element
         * @return this builder
         */
        public Builder addMessage(ChatMessage message) {
            this.messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /**
         * Sets temperature; {@code null} clears it.
         *
         * @param temperature sampling temperature; absent means the provider default
         * @return this builder
         */
        public Builder temperature(Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets maxTokens; {@code null} clears it.
         *
         * @param maxTokens upper bound on completion tokens
         * @return this builder
         */
        public Builder maxTokens(Integer maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /**
         * Sets responseSchema; {@code null} clears it.
         *
         * @param responseSchema structured output schema, for providers that support it
         * @return this builder
         */
        public Builder responseSchema(JsonSchema responseSchema) {
            this.responseSchema = responseSchema;
            return this;
        }

        /**
         * Sets timeout; {@code null} clears it.
         *
         * @param timeout per-call timeout; absent means the provider default
         * @return this builder
         */
        public Builder timeout(java.time.Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public ChatRequest build() {
            return new ChatRequest(model, messages, temperature == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(temperature), maxTokens == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(maxTokens), Optional.ofNullable(responseSchema), Optional.ofNullable(timeout));
        }
    }
}
