/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@link com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer} does instead of (or before) answering a request normally: an
 * error status with OpenAI's error body, a delay, or a lost response.
 *
 * {@code
 * server.inject("POST", "/fine_tuning/jobs", 1, HttpFault.status(429, "daily_rate_limit_exceeded", "Daily limit reached"));
 * server.inject("POST", "/fine_tuning/jobs", 1, HttpFault.lostResponse());
 * }
 */
public final class HttpFault {
    /** What the fault does. */
    public enum Kind { STATUS, DELAY, LOST_RESPONSE }

    private final Kind kind;
    private final int status;
    private final String code;
    private final String message;
    private final String param;
    private final Duration retryAfter;
    private final Duration delay;

    private HttpFault(Kind kind, int status, String code, String message, String param, Duration retryAfter, Duration delay) {
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.message = message;
        this.param = param;
        this.retryAfter = retryAfter;
        this.delay = delay;
    }

    /** Answers {@code status} with {@code {"error":{"message","type","param","code"}}}. */
    public static HttpFault status(int status, String code, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400-599, was " + status);
        }
        return new HttpFault(Kind.STATUS, status, code, Objects.requireNonNull(message, "message"), null, null, null);
    }

    /** Answers after {@code delay}, for timeouts. The request is then handled normally. */
    public static HttpFault delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return new HttpFault(Kind.DELAY, 0, null, null, null, null, delay);
    }

    /**
     * Performs the request (a job create really creates the job) and then closes the connection
     * without answering, as when a response is lost on the network.
     */
    public static HttpFault lostResponse() {
        return new HttpFault(Kind.LOST_RESPONSE, 0, null, null, null, null, null);
    }

    /** Returns a copy that names the parameter at fault. */
    public HttpFault withParam(String param) {
        return new HttpFault(kind, status, code, message, param, retryAfter, delay);
    }

    /** Returns a copy that sends a {@code Retry-After} header (whole seconds). */
    public HttpFault withRetryAfter(Duration retryAfter) {
        return new HttpFault(kind, status, code, message, param, Objects.requireNonNull(retryAfter, "retryAfter"), delay);
    }

    /** Part of the fault, for servers that inject it. */
    public Kind kind() {
        return kind;
    }

    /** Part of the fault, for servers that inject it. */
    public int statusCode() {
        return status;
    }

    /** Part of the fault, for servers that inject it. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** Part of the fault, for servers that inject it. */
    public String message() {
        return message;
    }

    /** Part of the fault, for servers that inject it. */
    public Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /** Part of the fault, for servers that inject it. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Part of the fault, for servers that inject it. */
    public Duration delayDuration() {
        return delay;
    }

    @Override
    public String toString() {
        switch (kind) {
            case STATUS:
                return "HttpFault{status=" + status + ", code=" + code + "}";
            case DELAY:
                return "HttpFault{delay=" + delay + "}";
            default:
                return "HttpFault{lostResponse}";
        }
    }
}
