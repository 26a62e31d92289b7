/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.UploadedFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the simulated fine-tuning backend must remember across a restart of its process: each
 * upload's description ({@code uploads/<n>.json}) and each job's request and creation time
 * ({@code jobs/<n>.json}) under its data directory, written whole and forced before the call
 * returns, so a restarted backend serves the same files and jobs (with the same ids, and the same
 * progress for the same clock). Pauses and cancellations are not kept.
 */
final class SimulatedJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** A journaled upload. */
    record Upload(long sequence, UploadedFile file) {
    }

    /** A journaled job. */
    record Job(long sequence, String id, Instant createdAt, JobRequest request) {
    }

    private final Path uploads;
    private final Path jobs;

    SimulatedJournal(Path root) {
        this.uploads = root.resolve("uploads");
        this.jobs = root.resolve("jobs");
    }

    void upload(long sequence, UploadedFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", sequence);
        m.put("id", f.id());
        m.put("filename", f.filename());
        m.put("bytes", f.bytes());
        m.put("purpose", f.purpose());
        m.put("created_at", f.createdAt().toString());
        write(uploads.resolve(sequence + ".json"), m);
    }

    void job(long sequence, String id, Instant createdAt, JobRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", sequence);
        m.put("id", id);
        m.put("created_at", createdAt.toString());
        m.put("training_file", r.trainingFileId());
        m.put("validation_file", r.validationFileId().orElse(null));
        m.put("model", r.model());
        m.put("suffix", r.suffix().orElse(null));
        m.put("seed", r.seed().isPresent() ? r.seed().getAsLong() : null);
        Hyperparameters h = r.hyperparameters();
        m.put("epochs", h.epochs().isPresent() ? h.epochs().getAsInt() : null);
        m.put("batch_size", h.batchSize().isPresent() ? h.batchSize().getAsInt() : null);
        m.put("learning_rate_multiplier", h.learningRateMultiplier().isPresent() ? h.learningRateMultiplier().getAsDouble()
            : null);
        m.put("metadata", r.metadata());
        m.put("idempotency_key", r.idempotencyKey().orElse(null));
        m.put("task", r.task().map(TaskName::value).orElse(null));
        write(jobs.resolve(sequence + ".json"), m);
    }

    List<Upload> uploads() {
        List<Upload> out = new ArrayList<>();
        for (Map<String, Object> m : readAll(uploads)) {
            out.add(new Upload(((Number) m.get("sequence")).longValue(), new UploadedFile((String) m.get("id"),
                (String) m.get("filename"), ((Number) m.get("bytes")).longValue(), (String) m.get("purpose"),
                Instant.parse((String) m.get("created_at")))));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    List<Job> jobs() {
        List<Job> out = new ArrayList<>();
        for (Map<String, Object> m : readAll(jobs)) {
            Hyperparameters.Builder h = Hyperparameters.builder();
            if (m.get("epochs") != null) {
                h.epochs(((Number) m.get("epochs")).intValue());
            }
            if (m.get("batch_size") != null) {
                h.batchSize(((Number) m.get("batch_size")).intValue());
            }
            if (m.get("learning_rate_multiplier") != null) {
                h.learningRateMultiplier(((Number) m.get("learning_rate_multiplier")).doubleValue());
            }
            JobRequest.Builder b = JobRequest.builder().trainingFileId((String) m.get("training_file"))
                .model((String) m.get("model")).hyperparameters(h.build())
                .metadata((Map<String, String>) m.get("metadata"));
            if (m.get("validation_file") != null) {
                b.validationFileId((String) m.get("validation_file"));
            }
            if (m.get("suffix") != null) {
                b.suffix((String) m.get("suffix"));
            }
            if (m.get("seed") != null) {
                b.seed(((Number) m.get("seed")).longValue());
            }
            if (m.get("idempotency_key") != null) {
                b.idempotencyKey((String) m.get("idempotency_key"));
            }
            if (m.get("task") != null) {
                b.task(TaskName.of((String) m.get("task")));
            }
            out.add(new Job(((Number) m.get("sequence")).longValue(), (String) m.get("id"),
                Instant.parse((String) m.get("created_at")), b.build()));
        }
        return out;
    }

    private static List<Map<String, Object>> readAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                out.add(JSON.readValue(Files.readString(p, StandardCharsets.UTF_8), MAP));
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the simulated backend's journal in " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(m -> ((Number) m.get("sequence")).longValue()));
        return out;
    }

    private static void write(Path target, Map<String, Object> m) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(m)));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException("cannot journal " + target.getFileName() + " of the simulated backend: "
                + e.getMessage(), e);
        }
    }
}
