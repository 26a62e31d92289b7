/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.ProviderUnavailableException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Together's REST API over the JDK's {@link HttpClient}: bearer authentication, JSON bodies, the
 * one retry layer (requests safe to repeat are retried on 408, 409, 429, 5xx and lost connections,
 * up to {@code max_retries} times with exponential backoff or the server's {@code Retry-After}),
 * and errors mapped by {@link TogetherErrors}. Redirects are never followed: a file upload reads
 * the {@code 302} itself.
 */
final class TogetherHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TogetherHttp.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    /** Waits between retries; tests pass one that records instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Whether a request may be sent again when its answer is lost or refused for a while. */
    enum Retry { SAFE, NEVER }

    /** An answer: status, headers and body text. */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
    }

    private final HttpClient client;
    private final String baseUrl;
    private final String apiKey;
    private final Duration timeout;
    private final int maxRetries;
    private final TogetherErrors errors;
    private final Sleeper sleeper;

    TogetherHttp(String baseUrl, String apiKey, Duration timeout, int maxRetries, TogetherErrors errors, Sleeper sleeper) {
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout).build();
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.errors = errors;
        this.sleeper = sleeper;
    }

    TogetherErrors errors() {
        return errors;
    }

    JsonNode get(String what, String path) {
        return json(what, send(what, request(path).GET(), Retry.SAFE));
    }

    JsonNode post(String what, String path, Object body, Retry retry) {
        return json(what, send(what, request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8)), retry));
    }

    JsonNode delete(String what, String path) {
        return json(what, send(what, request(path).DELETE(), Retry.SAFE));
    }

    /** POSTs JSON and returns the answer as it is, a redirect included (error statuses still throw). */
    Answer postExpectingRedirect(String what, String path, Object body) {
        return send(what, request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8)), Retry.SAFE);
    }

    /**
     * PUTs a file's bytes to an absolute storage URL (a presigned URL from Together's redirect). No
     * API key is sent: the URL itself authorises the upload, and the key must not leave Together.
     */
    void putFile(String what, URI url, Path file) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(url).timeout(timeout).PUT(HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw new com.slabstak.slabml.InvalidInputException("file", "cannot read " + file.getFileName());
        }
        send(what, b, Retry.SAFE);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
            .header("Authorization", "Bearer " + apiKey)
            .header("Accept", "application/json")
            .header("User-Agent", "slabml-together");
    }

    private Answer send(String what, HttpRequest.Builder builder, Retry retry) {
        HttpRequest request = builder.build();
        int attempt = 0;
        while (true) {
            ProviderException failure;
            Optional<Duration> hint = Optional.empty();
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() < 400) {
                    return new Answer(r.statusCode(), r.headers(), r.body());
                }
                failure = errors.status(what, r.statusCode(), r.body(), r.headers());
                if (!TogetherErrors.retryable(r.statusCode())) {
                    throw failure;
                }
                hint = TogetherErrors.retryAfter(r.headers());
            } catch (IOException e) {
                failure = errors.transport(what, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderUnavailableException("Together AI " + what + " interrupted", 0, e);
            }
            if (retry == Retry.NEVER || attempt >= maxRetries) {
                throw failure;
            }
            Duration wait = hint.orElse(backoff(attempt));
            attempt++;
            LOG.info("Together AI {} failed ({}); retry {} of {} in {} ms", what, failure.getClass().getSimpleName(),
                attempt, maxRetries, wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.addSuppressed(e);
                throw failure;
            }
        }
    }

    static Duration backoff(int attempt) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private JsonNode json(String what, Answer answer) {
        if (answer.body() == null || answer.body().isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw errors.shape(what, "not JSON: " + e.getOriginalMessage());
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    @Override
    public void close() {
        // The JDK client's threads are daemons and stop with it; close() exists from Java 21 only.
    }
}
