/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A small fine-tuning backend for the manager's tests: jobs move through a scripted list of
 * statuses, one step per retrieve, each step adding events; creates can be made to fail before or
 * after the job exists (a lost response).
 */
final class ScriptedBackend implements FineTuningBackend {
    /** What the next create call does. */
    enum CreateOutcome { OK, FAIL_BEFORE, LOSE_RESPONSE }

    private final Clock clock;
    final Map<String, FineTuningJob> jobs = new LinkedHashMap<>();
    final Map<String, List<JobEvent>> events = new LinkedHashMap<>();
    final Deque<CreateOutcome> createOutcomes = new ArrayDeque<>();
    final List<JobRequest> createCalls = new ArrayList<>();
    final List<Path> uploads = new ArrayList<>();
    final List<String> eventPages = new ArrayList<>();
    Supplier<RuntimeException> createFailure = () -> new com.slabstak.slabml.ProviderUnavailableException(
        "502 bad gateway", 502, null);
    Runnable beforeCreate = () -> { };
    private final Deque<JobStatus> script = new ArrayDeque<>();
    private final Deque<Integer> eventsPerStep = new ArrayDeque<>();
    private int eventCounter;

    ScriptedBackend(Clock clock) {
        this.clock = clock;
    }

    /** Each retrieve of any running job moves it to the next status and adds that many events. */
    ScriptedBackend script(List<JobStatus> statuses, List<Integer> newEvents) {
        script.addAll(statuses);
        eventsPerStep.addAll(newEvents);
        return this;
    }

    int createdJobs() {
        return jobs.size();
    }

    @Override
    public UploadedFile uploadFile(Path file) {
        uploads.add(file);
        return new UploadedFile("file-" + uploads.size(), file.getFileName().toString(), 1, "fine-tune", clock.instant());
    }

    @Override
    public FineTuningJob createJob(JobRequest request) {
        beforeCreate.run();
        createCalls.add(request);
        CreateOutcome outcome = createOutcomes.isEmpty() ? CreateOutcome.OK : createOutcomes.poll();
        if (outcome == CreateOutcome.FAIL_BEFORE) {
            throw createFailure.get();
        }
        String id = "ftjob-" + (jobs.size() + 1);
        FineTuningJob job = FineTuningJob.builder().id(id).model(request.model()).status(JobStatus.VALIDATING_FILES)
            .createdAt(clock.instant()).trainingFileId(request.trainingFileId())
            .hyperparameters(request.hyperparameters()).metadata(request.metadata()).build();
        jobs.put(id, job);
        events.put(id, new ArrayList<>());
        if (outcome == CreateOutcome.LOSE_RESPONSE) {
            throw createFailure.get();
        }
        return job;
    }

    @Override
    public FineTuningJob retrieveJob(String jobId) {
        FineTuningJob job = jobs.get(jobId);
        if (job == null) {
            throw new NotFoundException("no job " + jobId, null, null);
        }
        if (!job.isTerminal() && !script.isEmpty()) {
            JobStatus next = script.poll();
            FineTuningJob.Builder b = job.toBuilder().status(next);
            if (next.equals(JobStatus.SUCCEEDED)) {
                b.fineTunedModel("ft:" + job.model() + ":acme::" + jobId).finishedAt(clock.instant());
            }
            job = b.build();
            jobs.put(jobId, job);
            int n = eventsPerStep.isEmpty() ? 0 : eventsPerStep.poll();
            addEvents(jobId, n);
        }
        return job;
    }

    void addEvents(String jobId, int n) {
        for (int i = 0; i < n; i++) {
            eventCounter++;
            events.get(jobId).add(JobEvent.info("ftevent-" + eventCounter, clock.instant(), "event " + eventCounter));
        }
    }

    @Override
    public List<FineTuningJob> listJobs(int limit, String after) {
        List<FineTuningJob> newestFirst = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(newestFirst);
        return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    }

    @Override
    public FineTuningJob cancelJob(String jobId) {
        FineTuningJob job = jobs.get(jobId).toBuilder().status(JobStatus.CANCELLED).build();
        jobs.put(jobId, job);
        return job;
    }

    @Override
    public List<JobEvent> listEvents(String jobId, int limit, String after) {
        eventPages.add(after == null ? "first" : after);
        List<JobEvent> newestFirst = new ArrayList<>(events.get(jobId));
        java.util.Collections.reverse(newestFirst);
        int start = 0;
        if (after != null) {
            while (start < newestFirst.size() && !newestFirst.get(start).id().equals(after)) {
                start++;
            }
            start++;
        }
        return List.copyOf(newestFirst.subList(Math.min(start, newestFirst.size()),
            Math.min(start + limit, newestFirst.size())));
    }

    @Override
    public List<Checkpoint> listCheckpoints(String jobId, int limit) {
        return List.of(new Checkpoint("ftckpt-1", jobId, "ft:x:ckpt-step-10", 10, clock.instant(), Optional.empty()));
    }

    final List<ModelInfo> baseModels = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();

    @Override
    public FineTuningJob pauseJob(String jobId) {
        FineTuningJob job = jobs.get(jobId).toBuilder().status(JobStatus.PAUSED).build();
        jobs.put(jobId, job);
        return job;
    }

    @Override
    public FineTuningJob resumeJob(String jobId) {
        FineTuningJob job = jobs.get(jobId).toBuilder().status(JobStatus.RUNNING).build();
        jobs.put(jobId, job);
        return job;
    }

    @Override
    public List<ModelInfo> listModels() {
        List<ModelInfo> models = new ArrayList<>(baseModels);
        for (FineTuningJob j : jobs.values()) {
            j.fineTunedModel().ifPresent(m -> models.add(ModelInfo.builder().id(m).ownedBy("acme").build()));
        }
        return models;
    }

    /** How many model look-ups answer "not found" before a fine-tuned model is served. */
    int modelLoadingLookups;
    int modelLookups;

    @Override
    public ModelInfo retrieveModel(String modelId) {
        modelLookups++;
        for (FineTuningJob j : jobs.values()) {
            if (j.fineTunedModel().filter(modelId::equals).isPresent() && modelLookups > modelLoadingLookups) {
                return ModelInfo.builder().id(modelId).ownedBy("acme").build();
            }
        }
        throw new NotFoundException("no model " + modelId, "model_not_found", null);
    }

    @Override
    public void deleteModel(String modelId) {
        deleted.add(modelId);
    }
}
