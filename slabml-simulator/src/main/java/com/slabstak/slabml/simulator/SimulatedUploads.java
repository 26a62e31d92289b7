/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.UploadedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files uploaded to a {@link SimulatedFineTuningBackend}, with their text. With a journal they
 * are also written under the persistence directory, and an earlier process's uploads are loaded
 * back. Not thread-safe: the backend guards it with its lock.
 */
final class SimulatedUploads {
    private final Map<String, Upload> files = new LinkedHashMap<>();
    private final Path persistenceDirectory;
    private final SimulatedJournal journal;
    private long counter;

    private record Upload(UploadedFile file, String content) {
    }

    /**
     * @param persistenceDirectory where uploads are mirrored, or {@code null} (then {@code journal} is too)
     * @param journal the journal to record uploads in and restore them from, or {@code null}
     */
    SimulatedUploads(Path persistenceDirectory, SimulatedJournal journal) {
        this.persistenceDirectory = persistenceDirectory;
        this.journal = journal;
        if (journal != null) {
            for (SimulatedJournal.Upload u : journal.uploads()) {
                String content = SimulatedModelDirectory.readUpload(persistenceDirectory, u.file().id());
                files.put(u.file().id(), new Upload(u.file(), content));
                counter = Math.max(counter, u.sequence());
            }
        }
    }

    /** The bytes of a file to upload; refuses what the Fine-Tuning API refuses (not {@code .jsonl}). */
    static byte[] read(Path file, String name) {
        if (!name.endsWith(".jsonl")) {
            throw new InvalidRequestException("Invalid file format for Fine-Tuning API. Must be .jsonl",
                400, "invalid_file_format", "file", null);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("file", 0, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    UploadedFile add(String name, byte[] bytes, Instant now) {
        String id = String.format("file-sim%016x", SimulatedJob.mix(++counter));
        UploadedFile uploaded = new UploadedFile(id, name, bytes.length, "fine-tune", now);
        String content = new String(bytes, StandardCharsets.UTF_8);
        files.put(id, new Upload(uploaded, content));
        if (journal != null) {
            SimulatedModelDirectory.writeUpload(persistenceDirectory, id, content);
            journal.upload(counter, uploaded);
        }
        return uploaded;
    }

    Optional<String> content(String fileId) {
        Upload u = files.get(fileId);
        return u == null ? Optional.empty() : Optional.of(u.content);
    }

    List<UploadedFile> list() {
        return files.values().stream().map(Upload::file).toList();
    }

    void clear() {
        files.clear();
    }
}
