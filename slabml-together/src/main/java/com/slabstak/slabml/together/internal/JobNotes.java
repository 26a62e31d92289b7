/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.slabstak.slabml.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Together does not keep for a job: its idempotency key and its metadata. Together's
 * fine-tuning API has neither an idempotency header nor job metadata (together-py's
 * {@code FinetuneRequest} has no such field), but it echoes the job's {@code suffix} (in
 * {@code GET /fine-tunes}) and puts it into {@code model_output_name}. So a create with a key sends
 * a short tag derived from the key ({@code k} and 10 hex digits of its SHA-256) at the end of the
 * suffix: a lost create is found again by listing jobs and matching the tag, on any machine. The
 * key and the metadata themselves are kept here, in an append-only JSONL file under the data
 * directory ({@code together/job-notes.jsonl}), forced to disk before the create is sent.
 */
final class JobNotes {
    private static final Logger LOG = LoggerFactory.getLogger(JobNotes.class);
    static final Pattern TAG = Pattern.compile("(?:^|-)(k[0-9a-f]{10})(?=-|$)");

    /** One job's note: the idempotency key and metadata it was created with. */
    record Note(String tag, String key, Map<String, String> metadata) {
    }

    private final Path file;
    private final Map<String, Note> byTag = new HashMap<>();
    private final Map<String, String> tagByJob = new HashMap<>();
    private final Map<String, Map<String, String>> metadataByJob = new HashMap<>();

    private JobNotes(Path file) {
        this.file = file;
    }

    /** Reads the notes in {@code dataDirectory/together/job-notes.jsonl}, if any. */
    static JobNotes open(Path dataDirectory) {
        JobNotes notes = new JobNotes(dataDirectory.resolve("together").resolve("job-notes.jsonl"));
        notes.load();
        return notes;
    }

    /** The tag a key's job carries at the end of its suffix. */
    static String tag(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "k" + HexFormat.of().formatHex(d).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The tag in a suffix or model output name, if it has one. */
    static Optional<String> findTag(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = TAG.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return Optional.ofNullable(last);
    }

    /** Records, durably, that a job with this key and metadata is about to be created. */
    synchronized void beforeCreate(String tag, String key, Map<String, String> metadata) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("tag", tag);
        line.put("key", key);
        line.put("metadata", metadata);
        append(line);
        byTag.put(tag, new Note(tag, key, Map.copyOf(metadata)));
    }

    /** Records which job a tag's create produced. */
    synchronized void created(String tag, String jobId) {
        if (tag.equals(tagByJob.get(jobId))) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("tag", tag);
        line.put("job_id", jobId);
        append(line);
        tagByJob.put(jobId, tag);
    }

    /** Records the metadata of a job created without an idempotency key, once its id is known. */
    synchronized void createdWithoutKey(String jobId, Map<String, String> metadata) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("job_id", jobId);
        line.put("metadata", metadata);
        append(line);
        metadataByJob.put(jobId, Map.copyOf(metadata));
    }

    /**
     * The note of a job, found by its id or by the tag in its suffix or output name; a job created
     * without a key has a note with a {@code null} key.
     */
    synchronized Optional<Note> find(String jobId, String suffix, String outputName) {
        if (metadataByJob.containsKey(jobId)) {
            return Optional.of(new Note(null, null, metadataByJob.get(jobId)));
        }
        String tag = tagByJob.get(jobId);
        if (tag == null) {
            tag = findTag(suffix).or(() -> findTag(outputName)).orElse(null);
        }
        return Optional.ofNullable(tag == null ? null : byTag.get(tag));
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file, e);
        }
        int n = 0;
        for (String text : lines) {
            n++;
            if (text.isBlank()) {
                continue;
            }
            try {
                JsonNode line = TogetherHttp.JSON.readTree(text);
                String tag = line.path("tag").asText(null);
                if (tag == null) {
                    if (line.has("job_id")) {
                        Map<String, String> metadata = new LinkedHashMap<>();
                        line.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
                        metadataByJob.put(line.get("job_id").asText(), Map.copyOf(metadata));
                    }
                    continue;
                }
                if (line.has("key")) {
                    Map<String, String> metadata = new LinkedHashMap<>();
                    line.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
                    byTag.put(tag, new Note(tag, line.get("key").asText(), Map.copyOf(metadata)));
                }
                if (line.has("job_id")) {
                    tagByJob.put(line.get("job_id").asText(), tag);
                }
            } catch (IOException e) {
                // A line cut short by a crash while it was written: the notes before it stand.
                LOG.warn("skipping unreadable line {} of {}", n, file);
            }
        }
    }

    private void append(Map<String, Object> line) {
        byte[] bytes = (TogetherHttp.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new StoreException("cannot write " + file, e);
        }
    }
}
