/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend whose state a test sets directly (any job, event, checkpoint or model, including
 * shapes a lifecycle simulation would not produce), so the provider's mapping of every field can be
 * checked as a round trip: SPI value, wire JSON, SDK value, SPI value.
 */
final class ScriptedBackend implements FineTuningBackend, InferenceBackend {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    final Map<String, UploadedFile> files = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, byte[]> fileContents = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, FineTuningJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, List<JobEvent>> events = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, List<Checkpoint>> checkpoints = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, ModelInfo> models = Collections.synchronizedMap(new LinkedHashMap<>());
    final Deque<String> replies = new ArrayDeque<>();
    final List<ChatRequest> chatRequests = new CopyOnWriteArrayList<>();
    private int counter;

    @Override
    public synchronized UploadedFile uploadFile(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            UploadedFile f = new UploadedFile("file-" + (++counter), file.getFileName().toString(), content.length, "fine-tune", NOW);
            files.put(f.id(), f);
            fileContents.put(f.id(), content);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized FineTuningJob createJob(JobRequest request) {
        if (!files.containsKey(request.trainingFileId())) {
            throw new InvalidRequestException("invalid training_file: " + request.trainingFileId(), 400,
                "invalid_training_file", "training_file", null);
        }
        FineTuningJob.Builder b = FineTuningJob.builder()
            .id("ftjob-" + (++counter))
            .model(request.model())
            .status(JobStatus.VALIDATING_FILES)
            .createdAt(NOW.plusSeconds(counter))
            .trainingFileId(request.trainingFileId())
            .validationFileId(request.validationFileId().orElse(null))
            .hyperparameters(request.hyperparameters())
            .seed(request.seed().isPresent() ? request.seed().getAsLong() : 42L)
            .metadata(request.metadata());
        request.idempotencyKey().ifPresent(k -> b.putMetadata(IDEMPOTENCY_METADATA_KEY, k));
        FineTuningJob job = b.build();
        jobs.put(job.id(), job);
        return job;
    }

    void put(FineTuningJob job) {
        jobs.put(job.id(), job);
    }

    @Override
    public FineTuningJob retrieveJob(String jobId) {
        FineTuningJob job = jobs.get(jobId);
        if (job == null) {
            throw new NotFoundException("No fine-tuning job " + jobId, "fine_tune_not_found", null);
        }
        return job;
    }

    @Override
    public List<FineTuningJob> listJobs(int limit, String after) {
        List<FineTuningJob> newestFirst;
        synchronized (jobs) {
            newestFirst = new ArrayList<>(jobs.values());
        }
        Collections.reverse(newestFirst);
        return page(newestFirst, limit, after, FineTuningJob::id);
    }

    @Override
    public FineTuningJob cancelJob(String jobId) {
        return transition(jobId, JobStatus.CANCELLED);
    }

    @Override
    public FineTuningJob pauseJob(String jobId) {
        return transition(jobId, JobStatus.PAUSED);
    }

    @Override
    public FineTuningJob resumeJob(String jobId) {
        return transition(jobId, JobStatus.RUNNING);
    }

    private synchronized FineTuningJob transition(String jobId, JobStatus status) {
        FineTuningJob job = retrieveJob(jobId);
        if (job.isTerminal()) {
            throw new InvalidRequestException("Job " + jobId + " is already " + job.status(), 400, "invalid_state", null, null);
        }
        FineTuningJob updated = job.toBuilder().status(status).finishedAt(status.isTerminal() ? NOW : null).build();
        jobs.put(jobId, updated);
        return updated;
    }

    @Override
    public List<JobEvent> listEvents(String jobId, int limit, String after) {
        retrieveJob(jobId);
        return page(events.getOrDefault(jobId, List.of()), limit, after, JobEvent::id);
    }

    @Override
    public List<Checkpoint> listCheckpoints(String jobId, int limit) {
        retrieveJob(jobId);
        List<Checkpoint> all = checkpoints.getOrDefault(jobId, List.of());
        return all.subList(0, Math.min(limit, all.size()));
    }

    @Override
    public List<ModelInfo> listModels() {
        synchronized (models) {
            return new ArrayList<>(models.values());
        }
    }

    @Override
    public ModelInfo retrieveModel(String modelId) {
        ModelInfo m = models.get(modelId);
        if (m == null) {
            throw new NotFoundException("The model '" + modelId + "' does not exist", "model_not_found", null);
        }
        return m;
    }

    @Override
    public void deleteModel(String modelId) {
        if (models.remove(modelId) == null) {
            throw new NotFoundException("The model '" + modelId + "' does not exist", "model_not_found", null);
        }
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        chatRequests.add(request);
        String reply;
        synchronized (replies) {
            reply = replies.isEmpty() ? "ok" : replies.poll();
        }
        if (!request.model().startsWith("gpt-") && !models.containsKey(request.model())) {
            throw new NotFoundException("The model '" + request.model() + "' does not exist", "model_not_found", null);
        }
        return ChatResponse.builder().text(reply).model(request.model()).usage(new TokenUsage(12, 5)).finishReason("stop").build();
    }

    @Override
    public void close() {
    }

    @Override
    public boolean supportsResponseSchema() {
        return true;
    }

    private static <T> List<T> page(List<T> newestFirst, int limit, String after, java.util.function.Function<T, String> id) {
        int start = 0;
        if (after != null) {
            for (int i = 0; i < newestFirst.size(); i++) {
                if (id.apply(newestFirst.get(i)).equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        return List.copyOf(newestFirst.subList(Math.min(start, newestFirst.size()), Math.min(start + limit, newestFirst.size())));
    }
}
