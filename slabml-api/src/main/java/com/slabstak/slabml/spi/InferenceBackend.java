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
 */
public interface InferenceBackend extends AutoCloseable {
    ChatResponse complete(ChatRequest request);

    /** Whether {@link ChatRequest#responseSchema()} is honoured (structured outputs). */
    default boolean supportsResponseSchema() {
        return false;
    }

    @Override
    default void close() {
    }
}