/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.openai;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.InvalidInputException;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * OpenAI's chat completions format ({@code POST /v1/chat/completions}), for simulated servers of other
 * providers that serve it too (Together, Fireworks, vLLM): a request body to a {@link ChatRequest},
 * a {@link ChatResponse} to a response body, exactly as {@link SimulatedOpenAiServer} reads and writes them.
 *
 * <pre>{@code
 * ChatRequest request = OpenAiChatFormat.request(body);
 * String json = OpenAiChatFormat.completion("chatcmpl-1", inference.complete(request), clock.instant());
 * }</pre>
 *
 * @since 0.2
 */
public final class OpenAiChatFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiChatFormat() {
    }

    /**
     * Reads a chat completions request body.
     *
     * @return the request
     * @throws InvalidInputException if the body is not JSON or lacks the model or the messages
     */
    public static ChatRequest request(byte[] body) {
        Objects.requireNonNull(body, "body");
        Map<String, Object> map;
        try {
            map = JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new InvalidInputException("body", "not valid JSON: " + e.getMessage());
        }
        if (map == null) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        return OpenAiWire.chatRequest(map, null);
    }

    /**
     * Writes a chat completion (one choice, with usage) as JSON.
     *
     * @return the response body
     */
    public static String completion(String id, ChatResponse response, Instant created) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(created, "created");
        return OpenAiWire.writeJson(OpenAiWire.chatCompletion(id, response, created));
    }

    /**
     * Writes OpenAI's error body, {@code {"error":{"message","type","param","code"}}}, with the
     * type OpenAI gives the status.
     *
     * @return the response body
     */
    public static String error(int status, String message, String param, String code) {
        return OpenAiWire.writeJson(OpenAiWire.error(message, OpenAiWire.errorType(status), param, code));
    }

    /**
     * The HTTP answer to an exception of the SPI, as the simulated servers give it: invalid input
     * and invalid requests 400 (with the parameter), authentication 401, permission 403, not found
     * 404, rate limits 429 (with {@code Retry-After}), timeouts 408, unavailable 503 (or its status),
     * anything else 500.
     *
     * @return the status, the error body and the {@code Retry-After} to send
     */
    public static ErrorAnswer errorFor(RuntimeException e) {
        Objects.requireNonNull(e, "e");
        int status;
        String param = null;
        String code = null;
        java.time.Duration retryAfter = null;
        if (e instanceof InvalidInputException) {
            status = 400;
            param = ((InvalidInputException) e).field().orElse(null);
        } else if (e instanceof com.slabstak.slabml.InvalidRequestException) {
            com.slabstak.slabml.InvalidRequestException ire = (com.slabstak.slabml.InvalidRequestException) e;
            status = ire.statusCode().orElse(400);
            param = ire.param().orElse(null);
            code = ire.code().orElse(null);
        } else if (e instanceof com.slabstak.slabml.ProviderException) {
            com.slabstak.slabml.ProviderException pe = (com.slabstak.slabml.ProviderException) e;
            code = pe.code().orElse(null);
            if (e instanceof com.slabstak.slabml.AuthenticationException) {
                status = 401;
            } else if (e instanceof com.slabstak.slabml.PermissionDeniedException) {
                status = 403;
            } else if (e instanceof com.slabstak.slabml.NotFoundException) {
                status = 404;
            } else if (e instanceof com.slabstak.slabml.RateLimitException) {
                status = 429;
                retryAfter = ((com.slabstak.slabml.RateLimitException) e).retryAfter().orElse(null);
            } else if (e instanceof com.slabstak.slabml.ProviderTimeoutException) {
                status = 408;
            } else if (e instanceof com.slabstak.slabml.ProviderUnavailableException) {
                status = pe.statusCode().orElse(503);
            } else {
                status = pe.statusCode().orElse(500);
            }
        } else if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
            || e instanceof UnsupportedOperationException) {
            status = 400;
        } else {
            status = 500;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ErrorAnswer(status, OpenAiWire.error(message, OpenAiWire.errorType(status), param, code), retryAfter);
    }

    /**
     * An error answer: status, body (as a JSON object) and the {@code Retry-After} to send, if any.
     *
     * @param status the HTTP status
     * @param body the error body
     * @param retryAfterOrNull the wait to announce, or {@code null}
     */
    public record ErrorAnswer(int status, Map<String, Object> body, java.time.Duration retryAfterOrNull) {
        /** @return the wait to announce in {@code Retry-After} */
        public java.util.Optional<java.time.Duration> retryAfter() {
            return java.util.Optional.ofNullable(retryAfterOrNull);
        }

        /** @return the body as JSON text */
        public String json() {
            return OpenAiWire.writeJson(body);
        }
    }
}
