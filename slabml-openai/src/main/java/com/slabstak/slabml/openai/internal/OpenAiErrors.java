/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai.internal;

import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.core.http.Headers;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import com.slabstak.slabml.AuthenticationException;
import com.slabstak.slabml.FineTuningUnavailableException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.PermissionDeniedException;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Maps openai-java exceptions into SlabML's exception tree at the provider boundary, so no SDK type
 * escapes, and keeps every secret out of the messages.
 */
final class OpenAiErrors {
    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_*\\-]{4,}");

    static final String WIND_DOWN = "OpenAI refused to create a fine-tuning job (HTTP 403): this account may no longer"
        + " create fine-tuning jobs. OpenAI has been winding down self-serve fine-tuning during 2026 (organisations"
        + " without recent fine-tuning use lose job creation first); existing fine-tuned models keep serving until"
        + " their base model retires. Retrying will not help. To keep training, plug in another fine-tuning provider"
        + " through the SPI (com.slabstak.slabml.spi.FineTuningBackendProvider, selected with"
        + " slabml.fine_tuning.provider), for example Azure OpenAI via slabml.openai.azure.endpoint.";

    private final List<String> secrets;
    private final Clock clock;
    private final String vendor;

    OpenAiErrors(List<String> secrets, Clock clock, boolean azure) {
        this.secrets = List.copyOf(secrets);
        this.clock = clock;
        this.vendor = azure ? "Azure OpenAI" : "OpenAI";
    }

    /** Whether a call creates a fine-tuning job, where a 403 means fine-tuning is unavailable. */
    enum Operation {
        CALL, CREATE_JOB
    }

    <T> T call(String what, Supplier<T> call) {
        return call(what, Operation.CALL, call);
    }

    <T> T call(String what, Operation operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (OpenAIException e) {
            throw map(what, operation, e);
        }
    }

    ProviderException map(String what, Operation operation, OpenAIException e) {
        if (e instanceof OpenAIServiceException) {
            return mapService(what, operation, (OpenAIServiceException) e);
        }
        if (e instanceof OpenAIIoException || e instanceof OpenAIRetryableException
            || (e instanceof OpenAIInvalidDataException && hasIoCause(e))) {
            if (hasTimeoutCause(e)) {
                return new ProviderTimeoutException(vendor + " " + what + " timed out", javaCause(e));
            }
            return new ProviderUnavailableException(
                vendor + " " + what + " failed: could not reach the service (" + redact(rootMessage(e)) + ")", 0, javaCause(e));
        }
        if (e instanceof OpenAIInvalidDataException) {
            return new ProviderException(
                vendor + " " + what + ": the response did not have the expected shape (" + redact(e.getMessage()) + ")",
                0, null, javaCause(e));
        }
        return new ProviderException(vendor + " " + what + " failed: " + redact(e.getMessage()), 0, null, javaCause(e));
    }

    private ProviderException mapService(String what, Operation operation, OpenAIServiceException e) {
        int status = e.statusCode();
        String code = e.code().orElse(null);
        String param = e.param().orElse(null);
        String detail = redact(errorMessage(e));
        String base = vendor + " " + what + " failed (HTTP " + status + (code == null ? "" : ", " + code) + ")"
            + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 400 || status == 422) {
            return new InvalidRequestException(base + (param == null ? "" : " [param " + param + "]"), status, code, param, javaCause(e));
        }
        if (status == 401) {
            return new AuthenticationException(base + "; check the API key", code, javaCause(e));
        }
        if (status == 403) {
            if (operation == Operation.CREATE_JOB) {
                return new FineTuningUnavailableException(
                    WIND_DOWN + (detail.isEmpty() ? "" : " " + vendor + " said: " + detail), code, javaCause(e));
            }
            return new PermissionDeniedException(base, code, javaCause(e));
        }
        if (status == 404) {
            return new NotFoundException(base, code, javaCause(e));
        }
        if (status == 429) {
            Duration retryAfter = retryAfter(e.headers()).orElse(null);
            boolean daily = code != null && code.startsWith("daily_");
            String advice;
            if (daily) {
                advice = "; this is a daily limit, so retrying within seconds will not help: try again "
                    + (retryAfter != null ? "in " + human(retryAfter) + " (at " + at(retryAfter) + ")" : untilMidnightUtc());
            } else {
                advice = retryAfter != null ? "; retry after " + human(retryAfter) : "";
            }
            return new RateLimitException(base + advice, code, retryAfter, javaCause(e));
        }
        if (status >= 500) {
            return new ProviderUnavailableException(base, status, javaCause(e));
        }
        if (status == 408) {
            return new ProviderTimeoutException(base, javaCause(e));
        }
        if (status == 409) {
            return new ProviderUnavailableException(base, status, javaCause(e));
        }
        return new ProviderException(base, status, code, javaCause(e));
    }

    /** Removes anything that looks like a key, and the configured keys themselves. */
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
        return KEY_LIKE.matcher(m).replaceAll("sk-***");
    }

    private static String errorMessage(OpenAIServiceException e) {
        JsonField<?> body = e.body();
        Optional<Map<String, JsonValue>> object = body.asObject();
        if (object.isPresent()) {
            Map<String, JsonValue> map = object.get();
            JsonValue nested = map.get("error");
            JsonField<?> nestedField = nested;
            if (nestedField != null && nestedField.asObject().isPresent()) {
                map = nestedField.asObject().get();
            }
            JsonField<?> message = map.get("message");
            if (message != null && message.asString().isPresent()) {
                return message.asString().get();
            }
        }
        return body.asString().orElse("");
    }

    static Optional<Duration> retryAfter(Headers headers) {
        try {
            List<String> ms = headers.values("retry-after-ms");
            if (!ms.isEmpty()) {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(ms.get(0).trim())));
            }
            List<String> values = headers.values("Retry-After");
            if (values.isEmpty()) {
                return Optional.empty();
            }
            String v = values.get(0).trim();
            if (v.matches("\\d+(\\.\\d+)?")) {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private String untilMidnightUtc() {
        Instant now = clock.instant();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return "after midnight UTC (" + midnight + ", in " + human(Duration.between(now, midnight)) + ")";
    }

    private String at(Duration wait) {
        return DateTimeFormatter.ISO_INSTANT.format(ZonedDateTime.ofInstant(clock.instant().plus(wait), ZoneOffset.UTC));
    }

    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s >= 3600) {
            return (s / 3600) + "h " + ((s % 3600) / 60) + "m";
        }
        if (s >= 60) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return s + "s";
    }

    /** A response cut off while its body was read is a transport failure, not a malformed answer. */
    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean hasTimeoutCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The first cause that is not an SDK type (for example the {@code IOException} under an
     * {@code OpenAIIoException}), so that no openai-java type escapes through {@code getCause()}.
     */
    private static Throwable javaCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!t.getClass().getName().startsWith("com.openai.") && !t.getClass().getName().startsWith("kotlin.")) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
