/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.simulator.Faults.Operation;
import com.slabstak.slabml.simulator.ModelSource.ModelState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A fine-tuning backend with the real lifecycle ({@code validating_files → queued → running →
 * succeeded | failed | cancelled}, plus {@code paused}), computed from a clock whenever a job is
 * observed: no threads, no sleeps. Jobs emit message and metrics events and keep checkpoints for
 * their last three epochs; a training file with fewer than 10 examples fails the job with
 * {@code invalid_n_examples}. A fine-tuned model answers (through {@link SimulatedInferenceBackend})
 * only after a settle time, as a real one is "not found" for a few minutes after success.
 * Thread-safe; records every call; {@link #reset()} forgets everything. Faults are injected per
 * {@link Faults.Operation}; {@link #findJobByIdempotencyKey} counts as {@code LIST_JOBS}.
 *
 * {@code
 * ManualClock clock = ManualClock.create();
 * SimulatedFineTuningBackend ft = SimulatedFineTuningBackend.builder().clock(clock).build();
 * FineTuningJob job = ft.createJob(JobRequest.builder().trainingFileId(ft.uploadFile(path).id())
 *     .model("gpt-4o-mini-2024-07-18").build());
 * clock.advance(Duration.ofHours(1));
 * assertThat(ft.retrieveJob(job.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
 * }
 */
public final class SimulatedFineTuningBackend implements FineTuningBackend {
    /** The models fine-tuning starts from unless the builder adds others, with their shutdown date or {@code null}. */
    public static final Map<String, LocalDate> DEFAULT_BASE_MODELS = SimulatedModels.OPENAI_BASE_MODELS;

    /** Minimum training examples, as OpenAI enforces. */
    public static final int MIN_EXAMPLES = SimulatedJob.MIN_EXAMPLES;

    private final Clock clock;
    private final Faults faults;
    private final long seed;
    private final SimulatedJob.Timings timings;
    private final Duration advancePerObservation;
    private final String organization;
    private final SimulatedModels models;
    private final Path persistenceDirectory;
    private final SimulatedJournal journal;

    private final SimulatedUploads uploads;
    private final Map<String, SimulatedJob> jobs = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<JobRequest> createRequests = new ArrayList<>();
    private Duration offset = Duration.ZERO;
    private long jobCounter;

    private SimulatedFineTuningBackend(Builder b) {
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.faults = b.faults == null ? new Faults() : b.faults;
        this.seed = b.seed;
        this.timings = new SimulatedJob.Timings(b.validatingDuration, b.queueDuration, b.epochDuration);
        this.advancePerObservation = b.advancePerObservation;
        this.organization = b.organization;
        Map<String, LocalDate> base = new LinkedHashMap<>(DEFAULT_BASE_MODELS);
        base.putAll(b.baseModels);
        this.persistenceDirectory = b.persistenceDirectory;
        this.models = new SimulatedModels(Collections.unmodifiableMap(base), organization, b.modelSettle,
            persistenceDirectory);
        this.journal = b.persistenceDirectory == null ? null : new SimulatedJournal(b.persistenceDirectory);
        this.uploads = new SimulatedUploads(persistenceDirectory, journal);
        if (journal != null) {
            restoreJobs();
        }
    }

    /** Loads the jobs an earlier process journaled in the persistence directory. */
    private void restoreJobs() {
        for (SimulatedJournal.Job j : journal.jobs()) {
            Optional<String> training = uploads.content(j.request().trainingFileId());
            boolean validation = j.request().validationFileId().flatMap(uploads::content).isPresent();
            if (training.isPresent()) {
                jobs.put(j.id(), newJob(j.id(), j.request(), j.createdAt(), training.get(), validation, null));
            }
            jobCounter = Math.max(jobCounter, j.sequence());
        }
    }

    /** Returns a new builder; {@link Builder#clock} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** One recorded call. */
    public record Call(Operation operation, String target, Instant at) {
    }

    // ---------------------------------------------------------------- files

    @Override
    public UploadedFile uploadFile(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        Instant now = observeAndCheckFaults(Operation.UPLOAD_FILE, name, null);
        byte[] bytes = SimulatedUploads.read(file, name);
        synchronized (this) {
            return uploads.add(name, bytes, now);
        }
    }

    /** Returns the files uploaded so far, oldest first. */
    public synchronized List<UploadedFile> uploadedFiles() {
        return uploads.list();
    }

    /** Returns the content of an uploaded file. */
    public synchronized Optional<String> fileContent(String fileId) {
        Objects.requireNonNull(fileId, "fileId");
        return uploads.content(fileId);
    }

    // ---------------------------------------------------------------- jobs

    @Override
    public FineTuningJob createJob(JobRequest request) {
        Objects.requireNonNull(request, "request");
        Instant now = observeAndCheckFaults(Operation.CREATE_JOB, request.model(), request.model());
        FineTuningJob created;
        synchronized (this) {
            createRequests.add(request);
            Optional<String> training = uploads.content(request.trainingFileId());
            if (training.isEmpty()) {
                throw new InvalidRequestException("invalid training_file: " + request.trainingFileId(),
                    400, "invalid_request_error", "training_file", null);
            }
            boolean validation = request.validationFileId().isPresent();
            if (validation) {
                if (uploads.content(request.validationFileId().get()).isEmpty()) {
                    throw new InvalidRequestException("invalid validation_file: " + request.validationFileId().get(),
                        400, "invalid_request_error", "validation_file", null);
                }
            }
            if (!models.isFineTunable(jobs.values(), request.model(), now)) {
                throw new InvalidRequestException("Model " + request.model() + " is not available for fine-tuning",
                    400, "model_not_available", "model", null);
            }
            String id = String.format("ftjob-sim%016x", SimulatedJob.mix(1_000_003L * ++jobCounter));
            SimulatedJob job = newJob(id, request, now, training.get(), validation, faults.consumeJobFailure());
            jobs.put(id, job);
            if (journal != null) {
                journal.job(jobCounter, id, now, request);
            }
            created = job.view(now);
        }
        if (faults.consumeLostCreateResponse()) {
            throw new ProviderTimeoutException("Request timed out (simulated): the job was created, the response lost",
                null);
        }
        return created;
    }

    @Override
    public FineTuningJob retrieveJob(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Instant now = observeAndCheckFaults(Operation.RETRIEVE_JOB, jobId, null);
        synchronized (this) {
            return job(jobId).view(now);
        }
    }

    @Override
    public List<FineTuningJob> listJobs(int limit, String after) {
        Pages.requireLimit(limit);
        Instant now = observeAndCheckFaults(Operation.LIST_JOBS, after, null);
        synchronized (this) {
            return List.copyOf(Pages.newestFirstPage(jobs.values(), j -> j.id, after, limit).stream()
                .map(j -> j.view(now)).toList());
        }
    }

    @Override
    public Optional<FineTuningJob> findJobByIdempotencyKey(String key) {
        Objects.requireNonNull(key, "key");
        Instant now = observeAndCheckFaults(Operation.LIST_JOBS, key, null);
        synchronized (this) {
            List<SimulatedJob> newestFirst = new ArrayList<>(jobs.values());
            Collections.reverse(newestFirst);
            for (SimulatedJob j : newestFirst) {
                if (key.equals(j.metadata.get(IDEMPOTENCY_METADATA_KEY))) {
                    return Optional.of(j.view(now));
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public FineTuningJob cancelJob(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Instant now = observeAndCheckFaults(Operation.CANCEL_JOB, jobId, null);
        synchronized (this) {
            SimulatedJob job = job(jobId);
            JobStatus status = job.view(now).status();
            if (status.isTerminal()) {
                throw refusedJobAction("Job " + jobId + " has already " + status.value() + " and cannot be cancelled");
            }
            job.cancel(now);
            return job.view(now);
        }
    }

    @Override
    public FineTuningJob pauseJob(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Instant now = observeAndCheckFaults(Operation.PAUSE_JOB, jobId, null);
        synchronized (this) {
            SimulatedJob job = job(jobId);
            JobStatus status = job.view(now).status();
            if (!status.equals(JobStatus.RUNNING)) {
                throw refusedJobAction("Job " + jobId + " is " + status.value() + "; only running jobs can be paused");
            }
            job.pause(now);
            return job.view(now);
        }
    }

    @Override
    public FineTuningJob resumeJob(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Instant now = observeAndCheckFaults(Operation.RESUME_JOB, jobId, null);
        synchronized (this) {
            SimulatedJob job = job(jobId);
            if (!job.isPaused()) {
                throw refusedJobAction("Job " + jobId + " is not paused");
            }
            job.resume(now);
            return job.view(now);
        }
    }

    @Override
    public List<JobEvent> listEvents(String jobId, int limit, String after) {
        Objects.requireNonNull(jobId, "jobId");
        Pages.requireLimit(limit);
        Instant now = observeAndCheckFaults(Operation.LIST_EVENTS, jobId, null);
        synchronized (this) {
            return Pages.newestFirstPage(job(jobId).timeline(now).events, JobEvent::id, after, limit);
        }
    }

    @Override
    public List<Checkpoint> listCheckpoints(String jobId, int limit) {
        Objects.requireNonNull(jobId, "jobId");
        Pages.requireLimit(limit);
        Instant now = observeAndCheckFaults(Operation.LIST_CHECKPOINTS, jobId, null);
        synchronized (this) {
            return Pages.newestFirstPage(job(jobId).timeline(now).checkpoints, Checkpoint::id, null, limit);
        }
    }

    // ---------------------------------------------------------------- models

    @Override
    public List<ModelInfo> listModels() {
        Instant now = observeAndCheckFaults(Operation.LIST_MODELS, null, null);
        synchronized (this) {
            return models.list(jobs.values(), now);
        }
    }

    @Override
    public ModelInfo retrieveModel(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        Instant now = observeAndCheckFaults(Operation.RETRIEVE_MODEL, modelId, modelId);
        synchronized (this) {
            return models.retrieve(jobs.values(), modelId, now);
        }
    }

    @Override
    public void deleteModel(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        Instant now = observeAndCheckFaults(Operation.DELETE_MODEL, modelId, modelId);
        synchronized (this) {
            models.delete(jobs.values(), modelId, now);
        }
    }

    /** What inference sees: base models, loading and ready fine-tuned models. */
    ModelSource modelSource() {
        return this::state;
    }

    synchronized ModelState state(String model) {
        return models.state(jobs.values(), model, now());
    }

    // ---------------------------------------------------------------- test controls

    /** Returns the ids of the base models this backend fine-tunes. */
    public Set<String> baseModels() {
        return models.baseModelIds();
    }

    /** Returns the faults this backend (and an inference backend sharing them) injects. */
    public Faults faults() {
        return faults;
    }

    /** Returns every call so far, oldest first. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Returns the calls of one operation, oldest first. */
    public synchronized List<Call> calls(Operation operation) {
        Objects.requireNonNull(operation, "operation");
        return calls.stream().filter(c -> c.operation == operation).toList();
    }

    /** Returns every job create request received (including refused ones), oldest first. */
    public synchronized List<JobRequest> createRequests() {
        return List.copyOf(createRequests);
    }

    /** Returns the backend's current time: the clock plus any simulated time added by {@link #advance}. */
    public synchronized Instant now() {
        return clock.instant().plus(offset);
    }

    /** Moves this backend's simulated time forward, independent of the clock. */
    public synchronized void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        offset = offset.plus(amount);
    }

    /**
     * Advances simulated time until the job is terminal and, if it succeeded, its model answers.
     *
     * @return the job as it then is
     * @throws IllegalStateException if the job is paused (it would never finish)
     */
    public synchronized FineTuningJob finish(String jobId) {
        SimulatedJob job = job(jobId);
        if (job.isPaused()) {
            throw new IllegalStateException("job " + jobId + " is paused; resume it first");
        }
        Instant end = job.naturalEnd().plus(models.settle());
        Instant now = now();
        if (now.isBefore(end)) {
            offset = offset.plus(Duration.between(now, end));
        }
        return job.view(now());
    }

    /** Forgets files, jobs, deleted models, recorded calls and planned faults. Simulated time keeps its value. */
    public synchronized void reset() {
        uploads.clear();
        jobs.clear();
        models.reset();
        calls.clear();
        createRequests.clear();
        faults.reset();
    }

    // ---------------------------------------------------------------- internals

    /** Records the call (see {@link #observe}), then throws the fault planned for it, if any. */
    private Instant observeAndCheckFaults(Operation operation, String target, String faultModel) {
        Instant now = observe(operation, target);
        faults.check(operation, faultModel);
        return now;
    }

    private Instant observe(Operation operation, String target) {
        synchronized (this) {
            Instant now = now();
            calls.add(new Call(operation, target == null ? "" : target, now));
            if (!advancePerObservation.isZero()) {
                offset = offset.plus(advancePerObservation);
                now = now();
            }
            models.persistNewlyReady(jobs.values(), now);
            return now;
        }
    }

    private SimulatedJob newJob(String id, JobRequest request, Instant createdAt, String training,
            boolean validation, JobError failure) {
        return new SimulatedJob(id, request, createdAt, training, validation, failure, organization, seed, timings);
    }

    private SimulatedJob job(String jobId) {
        SimulatedJob j = jobs.get(jobId);
        if (j == null) {
            throw new NotFoundException("No fine-tuning job found with id " + jobId, "fine_tuning_job_not_found", null);
        }
        return j;
    }

    /** A cancel, pause or resume the job's state does not allow, as the API refuses it. */
    private static InvalidRequestException refusedJobAction(String message) {
        return new InvalidRequestException(message, 400, "invalid_request_error", "fine_tuning_job_id", null);
    }

    /** Builds a {@link SimulatedFineTuningBackend}. */
    public static final class Builder {
        private Clock clock;
        private Faults faults;
        private long seed = 42;
        private Duration validatingDuration = Duration.ofMinutes(1);
        private Duration queueDuration = Duration.ofMinutes(2);
        private Duration epochDuration = Duration.ofMinutes(4);
        private Duration modelSettle = Duration.ofMinutes(3);
        private Duration advancePerObservation = Duration.ZERO;
        private String organization = "slabml-sim";
        private final Map<String, LocalDate> baseModels = new LinkedHashMap<>();
        private Path persistenceDirectory;

        private Builder() {
        }

        /** The clock job state is computed from (required); usually a {@link ManualClock}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Shared fault injection; a new one by default. */
        public Builder faults(Faults faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** Seed for losses and ids (42 by default). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How long a job validates its files (1 minute by default). */
        public Builder validatingDuration(Duration d) {
            this.validatingDuration = requireNonNegative(d, "validatingDuration");
            return this;
        }

        /** How long a job waits in the queue (2 minutes by default). */
        public Builder queueDuration(Duration d) {
            this.queueDuration = requireNonNegative(d, "queueDuration");
            return this;
        }

        /** How long one epoch trains (4 minutes by default). */
        public Builder epochDuration(Duration d) {
            this.epochDuration = requireNonNegative(d, "epochDuration");
            if (d.isZero()) {
                throw new IllegalArgumentException("epochDuration must be positive");
            }
            return this;
        }

        /** How long after success a fine-tuned model is still "not found" (3 minutes by default). */
        public Builder modelSettle(Duration d) {
            this.modelSettle = requireNonNegative(d, "modelSettle");
            return this;
        }

        /**
         * Simulated time added by every call (zero by default). With the system clock this lets a
         * job run to completion in a few polls, without waiting.
         */
        public Builder advancePerObservation(Duration d) {
            this.advancePerObservation = requireNonNegative(d, "advancePerObservation");
            return this;
        }

        /** The organisation in fine-tuned model ids ({@code ft:<base>:<org>:<suffix>:<id>}). */
        public Builder organization(String organization) {
            this.organization = Objects.requireNonNull(organization, "organization");
            return this;
        }

        /** Adds (or replaces) a base model, with its shutdown date or {@code null}. */
        public Builder addBaseModel(String id, LocalDate shutdownDate) {
            this.baseModels.put(Objects.requireNonNull(id, "id"), shutdownDate);
            return this;
        }

        /** Package-private: where uploads and ready models are mirrored for another process or backend. */
        Builder persistenceDirectory(Path directory) {
            this.persistenceDirectory = directory;
            return this;
        }

        /** Builds the backend. */
        public SimulatedFineTuningBackend build() {
            return new SimulatedFineTuningBackend(this);
        }

        private static Duration requireNonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + d);
            }
            return d;
        }
    }
}
