/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobMetrics;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.TrainingMethod;
import com.slabstak.slabml.simulator.Faults.Operation;
import com.slabstak.slabml.simulator.ModelSource.ModelState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

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
    public static final Map<String, LocalDate> DEFAULT_BASE_MODELS = defaultBaseModels();

    /** Minimum training examples, as OpenAI enforces. */
    public static final int MIN_EXAMPLES = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_METRICS_EVENTS = 50;

    private final Clock clock;
    private final Faults faults;
    private final long seed;
    private final Duration validatingDuration;
    private final Duration queueDuration;
    private final Duration epochDuration;
    private final Duration modelSettle;
    private final Duration advancePerObservation;
    private final String organization;
    private final Map<String, LocalDate> baseModels;
    private final Path persistenceDirectory;
    private final SimulatedJournal journal;

    private final Map<String, StoredFile> files = new LinkedHashMap<>();
    private final Map<String, JobState> jobs = new LinkedHashMap<>();
    private final Set<String> deletedModels = new TreeSet<>();
    private final Set<String> persistedModels = new TreeSet<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<JobRequest> createRequests = new ArrayList<>();
    private Duration offset = Duration.ZERO;
    private long fileCounter;
    private long jobCounter;

    private SimulatedFineTuningBackend(Builder b) {
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.faults = b.faults == null ? new Faults() : b.faults;
        this.seed = b.seed;
        this.validatingDuration = b.validatingDuration;
        this.queueDuration = b.queueDuration;
        this.epochDuration = b.epochDuration;
        this.modelSettle = b.modelSettle;
        this.advancePerObservation = b.advancePerObservation;
        this.organization = b.organization;
        Map<String, LocalDate> models = new LinkedHashMap<>(DEFAULT_BASE_MODELS);
        models.putAll(b.baseModels);
        this.baseModels = Collections.unmodifiableMap(models);
        this.persistenceDirectory = b.persistenceDirectory;
        this.journal = b.persistenceDirectory == null ? null : new SimulatedJournal(b.persistenceDirectory);
        if (journal != null) {
            restore();
        }
    }

    /** Loads the uploads and jobs an earlier process journaled in the persistence directory. */
    private void restore() {
        for (SimulatedJournal.Upload u : journal.uploads()) {
            String content;
            try {
                content = Files.readString(SimulatedModelDirectory.file(persistenceDirectory, u.file().id()),
                    StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StoreException("cannot read simulated upload " + u.file().id(), e);
            }
            files.put(u.file().id(), new StoredFile(u.file(), content));
            fileCounter = Math.max(fileCounter, u.sequence());
        }
        for (SimulatedJournal.Job j : journal.jobs()) {
            StoredFile training = files.get(j.request().trainingFileId());
            StoredFile validation = j.request().validationFileId().map(files::get).orElse(null);
            if (training != null) {
                jobs.put(j.id(), new JobState(j.id(), j.request(), j.createdAt(), training, validation, null));
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
        if (!name.endsWith(".jsonl")) {
            throw new InvalidRequestException("Invalid file format for Fine-Tuning API. Must be .jsonl",
                400, "invalid_file_format", "file", null);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("file", 0, "cannot read " + name + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            String id = String.format("file-sim%016x", mix(++fileCounter));
            UploadedFile uploaded = new UploadedFile(id, name, bytes.length, "fine-tune", now);
            String content = new String(bytes, StandardCharsets.UTF_8);
            files.put(id, new StoredFile(uploaded, content));
            persistFile(id, content);
            if (journal != null) {
                journal.upload(fileCounter, uploaded);
            }
            return uploaded;
        }
    }

    /** Returns the files uploaded so far, oldest first. */
    public synchronized List<UploadedFile> uploadedFiles() {
        return files.values().stream().map(StoredFile::file).toList();
    }

    /** Returns the content of an uploaded file. */
    public synchronized Optional<String> fileContent(String fileId) {
        Objects.requireNonNull(fileId, "fileId");
        StoredFile f = files.get(fileId);
        return f == null ? Optional.empty() : Optional.of(f.content);
    }

    // ---------------------------------------------------------------- jobs

    @Override
    public FineTuningJob createJob(JobRequest request) {
        Objects.requireNonNull(request, "request");
        Instant now = observeAndCheckFaults(Operation.CREATE_JOB, request.model(), request.model());
        FineTuningJob created;
        synchronized (this) {
            createRequests.add(request);
            StoredFile training = files.get(request.trainingFileId());
            if (training == null) {
                throw new InvalidRequestException("invalid training_file: " + request.trainingFileId(),
                    400, "invalid_request_error", "training_file", null);
            }
            StoredFile validation = null;
            if (request.validationFileId().isPresent()) {
                validation = files.get(request.validationFileId().get());
                if (validation == null) {
                    throw new InvalidRequestException("invalid validation_file: " + request.validationFileId().get(),
                        400, "invalid_request_error", "validation_file", null);
                }
            }
            if (!baseModels.containsKey(request.model()) && !isSucceededModel(request.model(), now)) {
                throw new InvalidRequestException("Model " + request.model() + " is not available for fine-tuning",
                    400, "model_not_available", "model", null);
            }
            String id = String.format("ftjob-sim%016x", mix(1_000_003L * ++jobCounter));
            JobState job = new JobState(id, request, now, training, validation, faults.consumeJobFailure());
            jobs.put(id, job);
            if (journal != null) {
                journal.job(jobCounter, id, now, request);
            }
            created = view(job, now);
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
            return view(job(jobId), now);
        }
    }

    @Override
    public List<FineTuningJob> listJobs(int limit, String after) {
        requireLimit(limit);
        Instant now = observeAndCheckFaults(Operation.LIST_JOBS, after, null);
        synchronized (this) {
            return List.copyOf(newestFirstPage(jobs.values(), j -> j.id, after, limit).stream()
                .map(j -> view(j, now)).toList());
        }
    }

    @Override
    public Optional<FineTuningJob> findJobByIdempotencyKey(String key) {
        Objects.requireNonNull(key, "key");
        Instant now = observeAndCheckFaults(Operation.LIST_JOBS, key, null);
        synchronized (this) {
            List<JobState> newestFirst = new ArrayList<>(jobs.values());
            Collections.reverse(newestFirst);
            for (JobState j : newestFirst) {
                if (key.equals(j.metadata.get(IDEMPOTENCY_METADATA_KEY))) {
                    return Optional.of(view(j, now));
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
            JobState job = job(jobId);
            JobStatus status = view(job, now).status();
            if (status.isTerminal()) {
                throw refusedJobAction("Job " + jobId + " has already " + status.value() + " and cannot be cancelled");
            }
            job.cancelledAt = now;
            return viewAfterAction(job, now, "Fine-tuning job cancelled");
        }
    }

    @Override
    public FineTuningJob pauseJob(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Instant now = observeAndCheckFaults(Operation.PAUSE_JOB, jobId, null);
        synchronized (this) {
            JobState job = job(jobId);
            JobStatus status = view(job, now).status();
            if (!status.equals(JobStatus.RUNNING)) {
                throw refusedJobAction("Job " + jobId + " is " + status.value() + "; only running jobs can be paused");
            }
            job.pausedAt = now;
            return viewAfterAction(job, now, "Fine-tuning job paused");
        }
    }

    @Override
    public FineTuningJob resumeJob(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Instant now = observeAndCheckFaults(Operation.RESUME_JOB, jobId, null);
        synchronized (this) {
            JobState job = job(jobId);
            if (job.pausedAt == null || job.cancelledAt != null) {
                throw refusedJobAction("Job " + jobId + " is not paused");
            }
            Duration active = Duration.between(job.createdAt, job.pausedAt).minus(job.pausedTotal());
            job.pauses.add(new Pause(active, Duration.between(job.pausedAt, now)));
            job.pausedAt = null;
            return viewAfterAction(job, now, "Fine-tuning job resumed");
        }
    }

    @Override
    public List<JobEvent> listEvents(String jobId, int limit, String after) {
        Objects.requireNonNull(jobId, "jobId");
        requireLimit(limit);
        Instant now = observeAndCheckFaults(Operation.LIST_EVENTS, jobId, null);
        synchronized (this) {
            return newestFirstPage(timeline(job(jobId), now).events, JobEvent::id, after, limit);
        }
    }

    @Override
    public List<Checkpoint> listCheckpoints(String jobId, int limit) {
        Objects.requireNonNull(jobId, "jobId");
        requireLimit(limit);
        Instant now = observeAndCheckFaults(Operation.LIST_CHECKPOINTS, jobId, null);
        synchronized (this) {
            return newestFirstPage(timeline(job(jobId), now).checkpoints, Checkpoint::id, null, limit);
        }
    }

    // ---------------------------------------------------------------- models

    @Override
    public List<ModelInfo> listModels() {
        Instant now = observeAndCheckFaults(Operation.LIST_MODELS, null, null);
        synchronized (this) {
            List<ModelInfo> out = new ArrayList<>();
            for (Map.Entry<String, LocalDate> e : baseModels.entrySet()) {
                out.add(baseInfo(e.getKey(), e.getValue()));
            }
            for (JobState j : jobs.values()) {
                ModelInfo info = tunedInfo(j, now);
                if (info != null) {
                    out.add(info);
                }
            }
            return List.copyOf(out);
        }
    }

    @Override
    public ModelInfo retrieveModel(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        Instant now = observeAndCheckFaults(Operation.RETRIEVE_MODEL, modelId, modelId);
        synchronized (this) {
            if (baseModels.containsKey(modelId)) {
                return baseInfo(modelId, baseModels.get(modelId));
            }
            return listedTunedModel(modelId, now).orElseThrow(() -> modelNotFound(modelId));
        }
    }

    @Override
    public void deleteModel(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        Instant now = observeAndCheckFaults(Operation.DELETE_MODEL, modelId, modelId);
        synchronized (this) {
            if (baseModels.containsKey(modelId)) {
                throw new com.slabstak.slabml.PermissionDeniedException(
                    "You are not allowed to delete model " + modelId, "model_not_deletable", null);
            }
            if (listedTunedModel(modelId, now).isEmpty()) {
                throw modelNotFound(modelId);
            }
            deletedModels.add(modelId);
            unpersistModel(modelId);
        }
    }

    /** What inference sees: base models, loading and ready fine-tuned models. */
    ModelSource modelSource() {
        return this::state;
    }

    synchronized ModelSource.ModelState state(String model) {
        Instant now = now();
        if (baseModels.containsKey(model)) {
            return ModelState.base(model);
        }
        for (JobState j : jobs.values()) {
            Timeline t = timeline(j, now);
            if (model.equals(j.fineTunedModel) && t.status.equals(JobStatus.SUCCEEDED)
                    && !deletedModels.contains(model)) {
                if (now.isBefore(t.finishedAt.plus(modelSettle))) {
                    return ModelState.LOADING;
                }
                return ModelState.tuned(j.request.model(), j.training.content);
            }
        }
        return ModelState.UNKNOWN;
    }

    // ---------------------------------------------------------------- test controls

    /** Returns the ids of the base models this backend fine-tunes. */
    public java.util.Set<String> baseModels() {
        return baseModels.keySet();
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
        JobState job = job(jobId);
        if (job.pausedAt != null && job.cancelledAt == null) {
            throw new IllegalStateException("job " + jobId + " is paused; resume it first");
        }
        Instant end = job.createdAt.plus(job.pausedTotal()).plus(activeLength(job)).plus(modelSettle);
        Instant now = now();
        if (now.isBefore(end)) {
            offset = offset.plus(Duration.between(now, end));
        }
        return view(job, now());
    }

    /** Forgets files, jobs, deleted models, recorded calls and planned faults. Simulated time keeps its value. */
    public synchronized void reset() {
        files.clear();
        jobs.clear();
        deletedModels.clear();
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
            persistNewlyReadyModels(now);
            return now;
        }
    }

    private JobState job(String jobId) {
        JobState j = jobs.get(jobId);
        if (j == null) {
            throw new NotFoundException("No fine-tuning job found with id " + jobId, "fine_tuning_job_not_found", null);
        }
        return j;
    }

    /** A cancel, pause or resume the job's state does not allow, as the API refuses it. */
    private static InvalidRequestException refusedJobAction(String message) {
        return new InvalidRequestException(message, 400, "invalid_request_error", "fine_tuning_job_id", null);
    }

    /** Adds the event of a cancel, pause or resume done now, and returns the job as it is then. */
    private FineTuningJob viewAfterAction(JobState job, Instant now, String event) {
        job.extraEvents.add(new Extra(now, "info", event));
        return view(job, now);
    }

    private boolean isSucceededModel(String model, Instant now) {
        for (JobState j : jobs.values()) {
            if (model.equals(j.fineTunedModel) && !deletedModels.contains(model)
                    && timeline(j, now).status.equals(JobStatus.SUCCEEDED)) {
                return true;
            }
        }
        return false;
    }

    private ModelInfo baseInfo(String id, LocalDate shutdown) {
        return ModelInfo.builder().id(id).ownedBy("system").createdAt(Instant.parse("2024-07-18T00:00:00Z"))
            .shutdownDate(shutdown).build();
    }

    private ModelInfo tunedInfo(JobState j, Instant now) {
        if (j.fineTunedModel == null || deletedModels.contains(j.fineTunedModel)) {
            return null;
        }
        Timeline t = timeline(j, now);
        if (!t.status.equals(JobStatus.SUCCEEDED) || now.isBefore(t.finishedAt.plus(modelSettle))) {
            return null; // a model is not listed (and not found) while it loads
        }
        String base = j.request.model();
        LocalDate shutdown = baseModels.get(base);
        return ModelInfo.builder().id(j.fineTunedModel).ownedBy(organization).createdAt(t.finishedAt)
            .baseModel(base).shutdownDate(shutdown).build();
    }

    /** The fine-tuned model with this id as {@link #listModels} would list it, if it does. */
    private Optional<ModelInfo> listedTunedModel(String modelId, Instant now) {
        for (JobState j : jobs.values()) {
            ModelInfo info = tunedInfo(j, now);
            if (info != null && info.id().equals(modelId)) {
                return Optional.of(info);
            }
        }
        return Optional.empty();
    }

    private static NotFoundException modelNotFound(String modelId) {
        return new NotFoundException("The model '" + modelId + "' does not exist", "model_not_found", null);
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1, was " + limit);
        }
    }

    /**
     * One page of a list kept oldest first, served newest first as the API does: at most {@code limit}
     * items, starting after the item whose id is {@code after} (from the newest when {@code null}).
     */
    private static <T> List<T> newestFirstPage(Collection<T> oldestFirst, Function<T, String> id, String after,
            int limit) {
        List<T> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        int start = 0;
        if (after != null) {
            start = indexOf(newestFirst.stream().map(id).toList(), after, "after") + 1;
        }
        int end = start + Math.min(limit, newestFirst.size() - start);
        return List.copyOf(newestFirst.subList(start, end));
    }

    private static int indexOf(List<String> ids, String id, String param) {
        int i = ids.indexOf(id);
        if (i < 0) {
            throw new InvalidRequestException("No such cursor: " + id, 400, "invalid_request_error", param, null);
        }
        return i;
    }

    private FineTuningJob view(JobState j, Instant now) {
        Timeline t = timeline(j, now);
        FineTuningJob.Builder b = FineTuningJob.builder().id(j.id).model(j.request.model()).status(t.status)
            .createdAt(j.createdAt).trainingFileId(j.request.trainingFileId())
            .validationFileId(j.request.validationFileId().orElse(null))
            .hyperparameters(t.resolved).method(j.request.method()).seed(j.seed).metadata(j.metadata);
        if (t.status.isTerminal()) {
            b.finishedAt(t.finishedAt);
        } else if (!t.status.equals(JobStatus.PAUSED) && t.examples >= MIN_EXAMPLES && j.formatError == null) {
            b.estimatedFinish(j.createdAt.plus(j.pausedTotal()).plus(activeLength(j)));
        }
        if (t.status.equals(JobStatus.SUCCEEDED)) {
            b.fineTunedModel(j.fineTunedModel).trainedTokens(t.trainedTokens);
        }
        if (t.status.equals(JobStatus.FAILED)) {
            b.error(t.error);
        }
        return b.build();
    }

    /** How long the job is active (not paused) from creation to its natural end. */
    private Duration activeLength(JobState j) {
        if (j.examples < MIN_EXAMPLES || j.formatError != null) {
            return validatingDuration;
        }
        Duration running = epochDuration.multipliedBy(j.epochs);
        if (j.failure != null) {
            running = running.dividedBy(2);
        }
        return validatingDuration.plus(queueDuration).plus(running);
    }

    private Timeline timeline(JobState j, Instant now) {
        Timeline t = new Timeline();
        t.examples = j.examples;
        t.resolved = j.resolved;
        Instant stop = now;
        if (j.cancelledAt != null && j.cancelledAt.isBefore(stop)) {
            stop = j.cancelledAt;
        }
        // active elapsed time at 'stop'
        boolean paused = j.pausedAt != null && !j.pausedAt.isAfter(stop);
        final Duration elapsed = paused ? Duration.between(j.createdAt, j.pausedAt).minus(j.pausedTotal())
            : Duration.between(j.createdAt, stop).minus(j.pausedTotal());
        List<JobEvent> events = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        Random noise = new Random(seed ^ j.id.hashCode());
        int[] seq = {0};
        java.util.function.BiConsumer<Duration, Object[]> emit = (at, parts) -> {
            if (at.compareTo(elapsed) <= 0) {
                events.add(JobEvent.builder().id(j.id.replace("ftjob-", "ftevent-") + "-" + (seq[0]++))
                    .createdAt(j.wall(at)).level((String) parts[0]).message((String) parts[1])
                    .type(parts[2] == null ? "message" : "metrics").metrics((JobMetrics) parts[2]).build());
            }
        };
        emit.accept(Duration.ZERO, new Object[] {"info", "Validating training file: " + j.request.trainingFileId()
            + j.request.validationFileId().map(v -> " and validation file: " + v).orElse(""), null});
        Duration active = activeLength(j);
        boolean ended = elapsed.compareTo(active) >= 0;
        if (j.examples < MIN_EXAMPLES || j.formatError != null) {
            JobError error = j.formatError != null ? j.formatError : new JobError("invalid_n_examples",
                "Training file has " + j.examples + " example(s), but must have at least " + MIN_EXAMPLES
                    + " examples", "training_file");
            emit.accept(validatingDuration, new Object[] {"error", error.message(), null});
            if (ended) {
                t.status = JobStatus.FAILED;
                t.error = error;
                t.finishedAt = j.wall(active);
            } else {
                t.status = JobStatus.VALIDATING_FILES;
            }
        } else {
            emit.accept(validatingDuration, new Object[] {"info", "Files validated, moving job to queued state", null});
            Duration runStart = validatingDuration.plus(queueDuration);
            emit.accept(runStart, new Object[] {"info", "Fine-tuning job started", null});
            long totalSteps = j.totalSteps;
            long stride = Math.max(1, (totalSteps + MAX_METRICS_EVENTS - 1) / MAX_METRICS_EVENTS);
            Duration fullRun = epochDuration.multipliedBy(j.epochs);
            long lastStep = j.failure != null ? totalSteps / 2 : totalSteps;
            long stepsPerEpoch = Math.max(1, totalSteps / j.epochs);
            boolean hasValidation = j.validation != null;
            for (long step = 1; step <= lastStep; step++) {
                Duration at = runStart.plus(fullRun.multipliedBy(step).dividedBy(totalSteps));
                double progress = (double) step / totalSteps;
                double trainLoss = 0.08 + 1.9 * Math.exp(-4.0 * progress) + 0.04 * noise.nextDouble();
                double validLoss = hasValidation ? trainLoss + 0.03 + 0.05 * noise.nextDouble() : Double.NaN;
                boolean epochEnd = step % stepsPerEpoch == 0 || step == totalSteps;
                JobMetrics m = new JobMetrics(step, totalSteps, round(trainLoss), round(validLoss),
                    hasValidation && epochEnd ? round(validLoss - 0.01) : Double.NaN,
                    round(Math.min(0.99, 1.0 - trainLoss / 2.4)),
                    hasValidation ? round(Math.min(0.99, 1.0 - validLoss / 2.4)) : Double.NaN);
                if (step % stride == 0 || step == lastStep || epochEnd) {
                    emit.accept(at, new Object[] {"info", "Step " + step + "/" + totalSteps + ": training loss="
                        + String.format(java.util.Locale.ROOT, "%.4f", m.trainLoss()), m});
                }
                long epoch = (step + stepsPerEpoch - 1) / stepsPerEpoch;
                if (epochEnd && epoch > j.epochs - 3 && at.compareTo(elapsed) <= 0 && j.failure == null) {
                    checkpoints.add(Checkpoint.builder().id(j.id.replace("ftjob-", "ftckpt-") + "-" + step)
                        .jobId(j.id).model(j.fineTunedModel + ":ckpt-step-" + step).step(step)
                        .createdAt(j.wall(at)).metrics(m).build());
                    emit.accept(at, new Object[] {"info", "Checkpoint created at step " + step, null});
                }
            }
            if (j.failure != null) {
                emit.accept(active, new Object[] {"error", j.failure.message(), null});
            } else {
                emit.accept(active, new Object[] {"info", "New fine-tuned model created: " + j.fineTunedModel, null});
                emit.accept(active, new Object[] {"info", "The job has successfully completed", null});
            }
            if (ended) {
                t.finishedAt = j.wall(active);
                if (j.failure != null) {
                    t.status = JobStatus.FAILED;
                    t.error = j.failure;
                } else {
                    t.status = JobStatus.SUCCEEDED;
                    t.trainedTokens = j.tokens * j.epochs;
                }
            } else if (elapsed.compareTo(validatingDuration) < 0) {
                t.status = JobStatus.VALIDATING_FILES;
            } else if (elapsed.compareTo(runStart) < 0) {
                t.status = JobStatus.QUEUED;
            } else {
                t.status = JobStatus.RUNNING;
            }
        }
        if (!t.status.isTerminal()) {
            if (j.cancelledAt != null && !j.cancelledAt.isAfter(now)) {
                t.status = JobStatus.CANCELLED;
                t.finishedAt = j.cancelledAt;
            } else if (paused) {
                t.status = JobStatus.PAUSED;
            }
        }
        // user actions (pause, resume, cancel) happened at wall times, merge them in time order
        for (Extra x : j.extraEvents) {
            if (!x.at.isAfter(now)) {
                events.add(JobEvent.builder().id(j.id.replace("ftjob-", "ftevent-") + "-x" + j.extraEvents.indexOf(x))
                    .createdAt(x.at).level(x.level).message(x.message).type("message").build());
            }
        }
        events.sort(java.util.Comparator.comparing(JobEvent::createdAt));
        t.events = events;
        t.checkpoints = checkpoints;
        return t;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10_000.0) / 10_000.0;
    }

    private static long mix(long v) {
        long z = v * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & 0xFFFFFFFFFFFFL;
    }

    private void persistNewlyReadyModels(Instant now) {
        if (persistenceDirectory == null) {
            return;
        }
        for (JobState j : jobs.values()) {
            if (j.fineTunedModel == null || persistedModels.contains(j.fineTunedModel)
                    || deletedModels.contains(j.fineTunedModel)) {
                continue;
            }
            Timeline t = timeline(j, now);
            if (t.status.equals(JobStatus.SUCCEEDED) && !now.isBefore(t.finishedAt.plus(modelSettle))) {
                Properties p = new Properties();
                p.setProperty("model", j.fineTunedModel);
                p.setProperty("base_model", j.request.model());
                p.setProperty("training_file", j.request.trainingFileId());
                writeProperties(SimulatedModelDirectory.modelFile(persistenceDirectory, j.fineTunedModel), p);
                persistedModels.add(j.fineTunedModel);
            }
        }
    }

    private void persistFile(String id, String content) {
        if (persistenceDirectory == null) {
            return;
        }
        try {
            writeAtomically(SimulatedModelDirectory.file(persistenceDirectory, id), content);
        } catch (IOException e) {
            throw new StoreException("cannot store simulated upload " + id, e);
        }
    }

    private void unpersistModel(String model) {
        if (persistenceDirectory == null) {
            return;
        }
        try {
            Files.deleteIfExists(SimulatedModelDirectory.modelFile(persistenceDirectory, model));
        } catch (IOException e) {
            throw new StoreException("cannot delete simulated model " + model, e);
        }
    }

    private static void writeProperties(Path target, Properties p) {
        try {
            java.io.StringWriter text = new java.io.StringWriter();
            p.store(text, null);
            writeAtomically(target, text.toString());
        } catch (IOException e) {
            throw new StoreException("cannot store simulated model " + target.getFileName(), e);
        }
    }

    /** Writes UTF-8 text to a sibling temporary file, then moves it over the target in one step. */
    private static void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, LocalDate> defaultBaseModels() {
        Map<String, LocalDate> m = new LinkedHashMap<>();
        m.put("gpt-4o-mini-2024-07-18", null);
        m.put("gpt-4o-2024-08-06", null);
        m.put("gpt-4.1-2025-04-14", null);
        m.put("gpt-4.1-mini-2025-04-14", null);
        m.put("gpt-4.1-nano-2025-04-14", null);
        m.put("gpt-3.5-turbo-0125", LocalDate.parse("2026-09-30"));
        return Collections.unmodifiableMap(m);
    }

    // ---------------------------------------------------------------- state

    private record StoredFile(UploadedFile file, String content) {
    }

    private record Pause(Duration atActive, Duration length) {
    }

    private record Extra(Instant at, String level, String message) {
    }

    private static final class Timeline {
        JobStatus status;
        Instant finishedAt;
        JobError error;
        Long trainedTokens;
        int examples;
        Hyperparameters resolved;
        List<JobEvent> events;
        List<Checkpoint> checkpoints;
    }

    private final class JobState {
        final String id;
        final JobRequest request;
        final Instant createdAt;
        final StoredFile training;
        final StoredFile validation;
        final JobError failure;
        final Map<String, String> metadata;
        final Long seed;
        final int examples;
        final JobError formatError;
        final long tokens;
        final int epochs;
        final int batchSize;
        final long totalSteps;
        final Hyperparameters resolved;
        final String fineTunedModel;
        final List<Pause> pauses = new ArrayList<>();
        final List<Extra> extraEvents = new ArrayList<>();
        Instant pausedAt;
        Instant cancelledAt;

        JobState(String id, JobRequest request, Instant createdAt, StoredFile training, StoredFile validation,
                JobError failure) {
            this.id = id;
            this.request = request;
            this.createdAt = createdAt;
            this.training = training;
            this.validation = validation;
            this.failure = failure;
            Map<String, String> md = new LinkedHashMap<>(request.metadata());
            request.idempotencyKey().ifPresent(k -> md.put(IDEMPOTENCY_METADATA_KEY, k));
            this.metadata = Collections.unmodifiableMap(md);
            this.seed = request.seed().isPresent() ? request.seed().getAsLong() : mix(id.hashCode()) % 2147483647L;
            int n = 0;
            JobError bad = null;
            long chars = 0;
            int lineNo = 0;
            for (String line : training.content.split("\n", -1)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                chars += line.length();
                if (bad == null) {
                    try {
                        JsonNode node = JSON.readTree(line);
                        boolean preference = request.method().equals(TrainingMethod.PREFERENCE);
                        if (node == null || !node.isObject()) {
                            bad = new JobError("invalid_training_file", "Line " + lineNo
                                + " of the training file is not a JSON object", "training_file");
                        } else if (!preference && !node.path("messages").isArray()) {
                            bad = new JobError("invalid_training_file", "Line " + lineNo
                                + " of the training file is not an object with a messages list", "training_file");
                        } else if (preference && (!node.path("input").path("messages").isArray()
                            || node.path("preferred_output").size() != 1 || node.path("non_preferred_output").size() != 1)) {
                            bad = new JobError("invalid_training_file", "Line " + lineNo + " of the training file is not "
                                + "a preference pair (input.messages, preferred_output, non_preferred_output)", "training_file");
                        }
                    } catch (IOException e) {
                        bad = new JobError("invalid_training_file", "Line " + lineNo
                            + " of the training file is not valid JSON", "training_file");
                    }
                }
                n++;
            }
            this.examples = n;
            this.formatError = n >= MIN_EXAMPLES ? bad : null;
            this.tokens = Math.max(1, chars / 4);
            Hyperparameters h = request.hyperparameters();
            int defaultEpochs = 3;
            if (n > 0 && n * 3 < 100) {
                defaultEpochs = Math.min(25, 100 / n);
            } else if (n * 3L > 25_000) {
                defaultEpochs = Math.max(1, 25_000 / n);
            }
            this.epochs = h.epochs().orElse(defaultEpochs);
            this.batchSize = h.batchSize().orElse(Math.max(1, Math.min(256, n / 50)));
            this.totalSteps = Math.max(1L, (long) epochs * ((Math.max(n, 1) + batchSize - 1) / batchSize));
            Hyperparameters.Builder rb = Hyperparameters.builder().epochs(epochs).batchSize(batchSize)
                .learningRateMultiplier(h.learningRateMultiplier().orElse(1.8));
            if (request.method().equals(TrainingMethod.PREFERENCE)) {
                rb.beta(h.beta().orElse(0.1));
            }
            this.resolved = rb.build();
            String suffix = request.suffix().map(s -> s + ":").orElse(":");
            this.fineTunedModel = "ft:" + request.model() + ":" + organization + ":" + suffix
                + id.substring(id.length() - 8);
        }

        Duration pausedTotal() {
            Duration d = Duration.ZERO;
            for (Pause p : pauses) {
                d = d.plus(p.length);
            }
            return d;
        }

        /** Wall time of an active-elapsed instant: creation plus active time plus pauses before it. */
        Instant wall(Duration active) {
            Instant t = createdAt.plus(active);
            for (Pause p : pauses) {
                if (p.atActive.compareTo(active) < 0) {
                    t = t.plus(p.length);
                }
            }
            return t;
        }
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
