/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a fine-tuning job: a message, or a metrics sample during training.
 *
 * @param id the event id
 * @param createdAt when it happened
 * @param level {@code info}, {@code warn} or {@code error}
 * @param message human-readable text
 * @param type {@code message} or {@code metrics}
 * @param metrics training metrics, for {@code metrics} events
 * @since 0.1
 */
public record JobEvent(
    String id,
    java.time.Instant createdAt,
    String level,
    String message,
    String type,
    Optional<JobMetrics> metrics
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param id the event id
     * @param createdAt when it happened
     * @param level {@code info}, {@code warn} or {@code error}
     * @param message human-readable text
     * @param type {@code message} or {@code metrics}
     * @param metrics training metrics, for {@code metrics} events
     */
    public JobEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Returns an {@code info} event of type {@code message}, without metrics.
     *
     * @param id the event id
     * @param createdAt when it happened
     * @param message human-readable text
     * @return the event
     * @throws NullPointerException if an argument is null
     * @since 0.2
     */
    public static JobEvent info(String id, Instant createdAt, String message) {
        return new JobEvent(id, createdAt, "info", message, "message", Optional.empty());
    }
}
