/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.AuthenticationException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.PermissionDeniedException;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps Together's HTTP errors and transport failures into SlabML's exception tree, with the same
 * classes (and so the same CLI exit codes) as the OpenAI provider: 400/422 invalid request, 401
 * authentication, 403 permission, 404 not found, 408 timeout, 409 and 5xx unavailable, 429 rate
 * limit. Configured keys never appear in a message.
 */
final class TogetherErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Together keys are long hexadecimal strings (older ones) or {@code tgp_v1_...} tokens. */
    private static final Pattern KEY_LIKE = Pattern.compile("(tgp_v1_[A-Za-z0-9_\\-]{4,}|\\b[a-f0-9]{48,}\\b)");
    private static final String VENDOR = "Together AI";

    private final List<String> secrets;

    TogetherErrors(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** The exception for an error status, from the response body and headers. */
    ProviderException status(String what, int status, String body, HttpHeaders headers) {
        ErrorBody error = ErrorBody.parse(body);
        String detail = redact(error.message);
        String code = error.code;
        String base = VENDOR + " " + what + " failed (HTTP " + status + (code == null ? "" : ", " + code) + ")"
            + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 400 || status == 422) {
            return new InvalidRequestException(base + (error.param == null ? "" : " [param " + error.param + "]"),
                status, code, error.param, null);
        }
        if (status == 401) {
            return new AuthenticationException(base + "; check the API key (TOGETHER_API_KEY)", code, null);
        }
        if (status == 403) {
            return new PermissionDeniedException(base, code, null);
        }
        if (status == 404) {
            return new NotFoundException(base, code, null);
        }
        if (status == 429) {
            Duration retryAfter = retryAfter(headers).orElse(null);
            return new RateLimitException(base + (retryAfter == null ? "" : "; retry after " + retryAfter.toSeconds() + "s"),
                code, retryAfter, null);
        }
        if (status == 408) {
            return new ProviderTimeoutException(base, null);
        }
        if (status == 409 || status >= 500) {
            return new ProviderUnavailableException(base, status, null);
        }
        return new ProviderException(base, status, code, null);
    }

    /** The exception for a request that got no answer. */
    ProviderException transport(String what, IOException e) {
        if (e instanceof HttpTimeoutException) {
            return new ProviderTimeoutException(VENDOR + " " + what + " timed out", e);
        }
        return new ProviderUnavailableException(VENDOR + " " + what + " failed: could not reach the service ("
            + redact(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", 0, e);
    }

    /** The exception for a 2xx answer whose body is not what Together documents. */
    ProviderException shape(String what, String problem) {
        return new ProviderException(VENDOR + " " + what + ": the response did not have the expected shape ("
            + redact(problem) + ")", 0, null, null);
    }

    /** Whether a status is worth retrying (for requests that are safe to send again). */
    static boolean retryable(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /** Removes the configured keys and anything that looks like a Together key. */
    String redact(String message) {
        if (message == null) {
            return "";
        }
        String m = message;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                m = m.replace(secret, "***");
            }
        }
        return KEY_LIKE.matcher(m).replaceAll("***");
    }

    /** {@code Retry-After} (seconds) or {@code retry-after-ms}, as the Stainless clients read them. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        try {
            Optional<String> ms = headers.firstValue("retry-after-ms");
            if (ms.isPresent()) {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(ms.get().trim())));
            }
            Optional<String> s = headers.firstValue("retry-after");
            if (s.isPresent() && s.get().trim().matches("\\d+(\\.\\d+)?")) {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(s.get().trim()) * 1000)));
            }
        } catch (RuntimeException e) {
            // an unreadable header: no hint
        }
        return Optional.empty();
    }

    /**
     * The error body. Together's SDK reads errors generically (Stainless {@code APIStatusError} keeps
     * the body); the shape {@code {"error":{"message","type","param","code"}}} is OpenAI's and is
     * what Together sends as far as can be told, so a top-level {@code message} is accepted too.
     */
    private record ErrorBody(String message, String code, String param) {
        static ErrorBody parse(String body) {
            if (body == null || body.isBlank()) {
                return new ErrorBody("", null, null);
            }
            try {
                JsonNode root = JSON.readTree(body);
                JsonNode e = root.path("error").isObject() ? root.path("error") : root;
                String message = e.path("message").isTextual() ? e.path("message").asText()
                    : root.path("error").isTextual() ? root.path("error").asText() : "";
                return new ErrorBody(message, text(e, "code"), text(e, "param"));
            } catch (IOException e) {
                return new ErrorBody(body.length() > 300 ? body.substring(0, 300) + "..." : body, null, null);
            }
        }

        private static String text(JsonNode node, String field) {
            JsonNode v = node.path(field);
            return v.isTextual() || v.isNumber() ? v.asText() : null;
        }
    }
}
