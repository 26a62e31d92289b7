/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;

/**
 * One chat completion: messages in, text, usage and latency out. Implementations map their own
 * errors into the {@link com.slabstak.slabml.ProviderException} tree; a model that does not exist
 * (or is still loading) is a {@link com.slabstak.slabml.NotFoundException}.
 *
 * @since 0.1
 */
public interface InferenceBackend extends AutoCloseable {
    /**
     * Sends one chat completion.
     *
     * @param request the messages, model and options
     * @return the answer
     * @throws com.slabstak.slabml.ProviderException when the provider fails; its {@code isRetryable()} says whether to retry
     */
    ChatResponse complete(ChatRequest request);

    /**
     * Whether {@link ChatRequest#responseSchema()} is honoured (structured outputs).
     *
     * @return whether {@link ChatRequest#responseSchema()} is honoured (structured outputs)
     */
    default boolean supportsResponseSchema() {
        return false;
    }

    @Override
    default void close() {
    }
}