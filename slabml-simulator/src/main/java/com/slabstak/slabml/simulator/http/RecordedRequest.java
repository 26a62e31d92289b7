/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request a simulated provider server received, for assertions.
 *
 * @param method the HTTP method
 * @param path the path as sent, for example {@code /v1/fine_tuning/jobs} or
 *     {@code /openai/deployments/gpt-4o-mini/chat/completions}
 * @param route the path with the API's prefix ({@code /v1}, or Azure's) removed, for example {@code /fine_tuning/jobs}
 * @param query the decoded query parameters
 * @param headers the request headers, names in lower case
 * @param body the request body as text (multipart bodies included)
 */
public record RecordedRequest(
    String method,
    String path,
    String route,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    String body) {

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(route, "route");
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** Returns the first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Returns the first value of a header (case-insensitive). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
