/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Locale;
import java.util.Objects;

/**
 * The file format an export is written in. Every format holds the same split dataset (the same
 * examples, the same training/validation split); only the JSON of a line and the limits it is
 * checked against differ.
 *
 * <pre>{@code
 * exporter.export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION).format(ExportFormat.VERTEX).build());
 * ExportFormat f = ExportFormat.of("bedrock");   // from a command line
 * }</pre>
 *
 * @since 0.2
 */
public enum ExportFormat {
    /** OpenAI's chat fine-tuning JSONL, {@code {"messages":[{"role","content"}]}}; also Together's and Fireworks'. */
    OPENAI("openai"),
    /** Google Vertex AI's supervised tuning JSONL, {@code {"systemInstruction","contents":[{"role","parts":[{"text"}]}]}}. */
    VERTEX("vertex"),
    /** Amazon Bedrock's conversation JSONL, {@code {"schemaVersion":"bedrock-conversation-2024","system","messages"}}. */
    BEDROCK("bedrock");

    private final String id;

    ExportFormat(String id) {
        this.id = id;
    }

    /** @return the lower-case name used in file names and on the command line */
    public String id() {
        return id;
    }

    /**
     * Parses a format name, case-insensitively.
     *
     * @param id {@code openai}, {@code vertex} or {@code bedrock}
     * @return the format
     * @throws InvalidInputException naming the field {@code format} for any other value
     */
    public static ExportFormat of(String id) {
        Objects.requireNonNull(id, "id");
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (ExportFormat f : values()) {
            if (f.id.equals(wanted)) {
                return f;
            }
        }
        throw new InvalidInputException("format", "unknown export format '" + id + "'; use openai, vertex or bedrock");
    }
}
