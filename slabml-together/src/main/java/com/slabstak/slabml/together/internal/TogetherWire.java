/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.slabstak.slabml.JobStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reading Together's JSON: job statuses, timestamps and lists. Shapes from together-py:
 * {@code types/finetune_response.py}, {@code types/fine_tuning_list_response.py},
 * {@code lib/types/fine_tuning.py} ({@code FinetuneJobStatus}, {@code FinetuneEvent}),
 * {@code types/fine_tuning_list_checkpoints_response.py}, {@code types/file_retrieve_response.py},
 * {@code types/model_object.py}.
 */
final class TogetherWire {
    private TogetherWire() {
    }

    /**
     * Together's job status as a {@link JobStatus}: {@code pending} and {@code queued} are queued;
     * {@code running}, {@code compressing} and {@code uploading} (the model is being packed and
     * stored) are running; {@code completed} succeeded; {@code error} and {@code user_error}
     * failed; {@code cancelled} is cancelled. {@code cancel_requested} and statuses Together adds
     * later stay open values that are not terminal.
     */
    static JobStatus status(String together) {
        if (together == null) {
            return JobStatus.of("unknown");
        }
        switch (together.toLowerCase(Locale.ROOT)) {
            case "pending":
            case "queued":
                return JobStatus.QUEUED;
            case "running":
            case "compressing":
            case "uploading":
                return JobStatus.RUNNING;
            case "completed":
                return JobStatus.SUCCEEDED;
            case "error":
            case "user_error":
                return JobStatus.FAILED;
            case "cancelled":
                return JobStatus.CANCELLED;
            default:
                return JobStatus.of(together.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * A timestamp: ISO-8601 with an offset ({@code created_at} is a {@code datetime} in
     * together-py), without one (read as UTC), or epoch seconds ({@code created} of models and
     * files).
     */
    static Optional<Instant> instant(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            long v = node.asLong();
            return v > 0 ? Optional.of(Instant.ofEpochSecond(v)) : Optional.empty();
        }
        String s = node.asText().trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                try {
                    return Optional.of(Instant.ofEpochSecond(Long.parseLong(s)));
                } catch (NumberFormatException e3) {
                    return Optional.empty();
                }
            }
        }
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
    }

    static Optional<Long> number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? Optional.of(v.asLong()) : Optional.empty();
    }

    /**
     * Items with a {@code created_at}, newest first. The answer is read as oldest first when its
     * first item is not newer than its last (the order is not documented), so items created at the
     * same instant come newest first too.
     */
    static List<JsonNode> newestFirst(List<JsonNode> items) {
        List<JsonNode> out = new ArrayList<>(items);
        if (out.size() > 1 && !created(out.get(0)).isAfter(created(out.get(out.size() - 1)))) {
            java.util.Collections.reverse(out);
        }
        out.sort(java.util.Comparator.comparing(TogetherWire::created).reversed());
        return out;
    }

    private static Instant created(JsonNode item) {
        return instant(item.path("created_at")).orElse(Instant.EPOCH);
    }

    /** The items of {@code {"data":[...]}} or of a bare array (the models list is one). */
    static List<JsonNode> items(JsonNode body) {
        JsonNode array = body.isArray() ? body : body.path("data");
        List<JsonNode> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }
}
