/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.WaitTimeoutException;
import com.slabstak.slabml.core.Sleeper;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ParameterRange;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.JobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fine-tuning jobs through a {@link FineTuningBackend} and remembers the jobs it started in
 * a {@link JobStore}, so that a create is never billed twice and a wait resumes after a restart.
 *
 * <p>Create: the request carries an idempotency key (generated when absent) in the job's metadata
 * under {@link FineTuningBackend#IDEMPOTENCY_METADATA_KEY}. The job is tracked before it is sent.
 * When the create fails in a way that may have lost the response (server error, timeout, I/O),
 * the key is looked up with {@link FineTuningBackend#findJobByIdempotencyKey} and only if no job
 * carries it is the create sent once more. Retrying is otherwise left to the backend's client.
 *
 * <p>Wait: polls with back-off (the poll interval doubles up to the maximum), reports each status
 * change and each new event, oldest first, to the listener, and stops at a terminal status or the
 * timeout. After {@code succeeded} it also waits (briefly) until the new model is served. Time
 * comes from the clock and waiting goes through the {@link Sleeper}. Internal.
 *
 * {@code FineTuningManager ft = new DefaultFineTuningManager(backend, stores.jobs(), validator::validate, costs::estimate, clock, Sleeper.system());}
 */
public final class DefaultFineTuningManager implements FineTuningManager {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultFineTuningManager.class);

    /** Largest page size of list calls. */
    static final int MAX_LIMIT = 100;
    /** Events read per poll at most, so a first poll of a long job stays bounded. */
    static final int MAX_EVENTS_PER_POLL = 1000;
    /** How long a wait keeps polling a succeeded job's model until it is served. */
    static final Duration MODEL_READY_WAIT = Duration.ofMinutes(15);
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private final SlabMlObserver observer;
    private final FineTuningBackend backend;
    private final JobStore jobs;
    private final DatasetCheck validator;
    private final CostModel costs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<ModelVersion> modelProduced;
    private final ModelCatalog catalog;
    private final Object createLock = new Object();

    /** Creates a manager; nothing is called until a method is. */
    public DefaultFineTuningManager(FineTuningBackend backend, JobStore jobs, DatasetCheck validator,
                                    CostModel costs, Clock clock, Sleeper sleeper) {
        this(backend, jobs, validator, costs, clock, sleeper, version -> { });
    }

    /**
     * Creates a manager that reports every fine-tuned model a tracked job produced (a job this
     * installation started for a task) to {@code modelProduced}, once, when it first sees the job
     * succeed; {@code SlabMl} registers them in the model registry.
     */
    public DefaultFineTuningManager(FineTuningBackend backend, JobStore jobs, DatasetCheck validator,
                                    CostModel costs, Clock clock, Sleeper sleeper,
                                    Consumer<ModelVersion> modelProduced) {
        this(backend, jobs, validator, costs, clock, sleeper, modelProduced, ModelCatalog.empty("unknown"),
            SlabMlObserver.NOOP);
    }

    /**
     * Creates a manager that checks files against the limits of the provider's catalogue
     * (uploads validate against its default model) and jobs against its models' methods and
     * hyperparameter ranges.
     */
    public DefaultFineTuningManager(FineTuningBackend backend, JobStore jobs, DatasetCheck validator,
                                    CostModel costs, Clock clock, Sleeper sleeper,
                                    Consumer<ModelVersion> modelProduced, ModelCatalog catalog) {
        this(backend, jobs, validator, costs, clock, sleeper, modelProduced, catalog, SlabMlObserver.NOOP);
    }

    /**
     * Creates a manager that also reports each status a tracked job reaches to {@code observer}
     * (which must not throw: pass a {@code SafeObserver}).
     */
    public DefaultFineTuningManager(FineTuningBackend backend, JobStore jobs, DatasetCheck validator,
                                    CostModel costs, Clock clock, Sleeper sleeper,
                                    Consumer<ModelVersion> modelProduced, SlabMlObserver observer) {
        this(backend, jobs, validator, costs, clock, sleeper, modelProduced, ModelCatalog.empty("unknown"), observer);
    }

    /** Creates a manager with the provider's catalogue that reports job statuses to {@code observer}. */
    public DefaultFineTuningManager(FineTuningBackend backend, JobStore jobs, DatasetCheck validator,
                                    CostModel costs, Clock clock, Sleeper sleeper,
                                    Consumer<ModelVersion> modelProduced, ModelCatalog catalog,
                                    SlabMlObserver observer) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.modelProduced = Objects.requireNonNull(modelProduced, "modelProduced");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.costs = Objects.requireNonNull(costs, "costs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public UploadedFile upload(Path file) {
        Objects.requireNonNull(file, "file");
        Path real = checkFile(file, catalog.limits().maxFileBytes());
        ValidationReport report = validator.validate(real, catalog.defaultModel().orElse(null));
        if (!report.isValid()) {
            List<ValidationFinding> errors = report.errors();
            ValidationFinding first = errors.get(0);
            throw new InvalidInputException(real.getFileName().toString(), first.line(),
                first.category() + ": " + first.message() + " (" + errors.size() + " error"
                    + (errors.size() == 1 ? "" : "s") + " in the file; nothing was uploaded)", null);
        }
        UploadedFile uploaded = backend.uploadFile(real);
        LOG.info("uploaded {} as {} ({} bytes, {} examples)", real.getFileName(), uploaded.id(), uploaded.bytes(),
            report.examples());
        return uploaded;
    }

    /**
     * Checks a job against the catalogue entry of its model, when the catalogue lists it: the
     * method must be one the model trains with, and each hyperparameter set must lie in the
     * model's range. A model the catalogue does not list is left to the provider.
     */
    private void checkAgainstCatalog(JobRequest request) {
        Optional<TrainableModel> found = catalog.find(request.model());
        if (found.isEmpty()) {
            return;
        }
        TrainableModel m = found.get();
        if (!m.supports(request.method())) {
            throw new InvalidInputException("method", m.id() + " does not train with " + request.method()
                + " (it trains with " + m.methods() + "); models of " + catalog.provider() + " that do: "
                + catalog.supporting(request.method()).stream().map(TrainableModel::id).toList());
        }
        Hyperparameters h = request.hyperparameters();
        h.epochs().ifPresent(v -> m.range(ParameterRange.EPOCHS).ifPresent(r -> r.check(v)));
        h.batchSize().ifPresent(v -> m.range(ParameterRange.BATCH_SIZE).ifPresent(r -> r.check(v)));
        h.learningRateMultiplier().ifPresent(v -> m.range(ParameterRange.LEARNING_RATE_MULTIPLIER)
            .ifPresent(r -> r.check(v)));
        h.beta().ifPresent(v -> m.range(ParameterRange.BETA).ifPresent(r -> r.check(v)));
    }

    /** Checks a local JSONL file and returns its real path. */
    private static Path checkFile(Path file, long maxFileBytes) {
        String shown = String.valueOf(file.getFileName());
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("file", "'" + file + "' does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("file", "'" + file + "' cannot be read: " + e.getMessage());
        }
        if (!Files.isRegularFile(real)) {
            throw new InvalidInputException("file", "'" + file + "' is not a regular file");
        }
        String name = real.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".jsonl") || name.length() <= ".jsonl".length()) {
            throw new InvalidInputException("file", "'" + shown + "' must be a .jsonl file"
                + (name.equals(shown) ? "" : " (it links to '" + name + "')"));
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new InvalidInputException("file", "file name contains a control character");
            }
        }
        long size;
        try {
            size = Files.size(real);
        } catch (IOException e) {
            throw new StoreException("cannot read the size of " + name, e);
        }
        if (size > maxFileBytes) {
            throw new InvalidInputException("file", "'" + name + "' is " + size + " bytes; at most "
                + maxFileBytes + " bytes can be uploaded");
        }
        return real;
    }

    @Override
    public FineTuningJob createJob(JobRequest request) {
        Objects.requireNonNull(request, "request");
        checkAgainstCatalog(request);
        String key = request.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
        String inMetadata = request.metadata().get(FineTuningBackend.IDEMPOTENCY_METADATA_KEY);
        if (inMetadata != null && !inMetadata.equals(key)) {
            throw new InvalidInputException("metadata." + FineTuningBackend.IDEMPOTENCY_METADATA_KEY,
                "is reserved for the idempotency key");
        }
        java.util.OptionalInt maxMetadata = catalog.maxJobMetadata();
        if (inMetadata == null && maxMetadata.isPresent() && request.metadata().size() >= maxMetadata.getAsInt()) {
            throw new InvalidInputException("metadata", "at most " + (maxMetadata.getAsInt() - 1) + " pairs: one of the "
                + maxMetadata.getAsInt() + " " + catalog.provider() + " takes holds the idempotency key");
        }
        JobRequest sent = request.toBuilder().idempotencyKey(key)
            .putMetadata(FineTuningBackend.IDEMPOTENCY_METADATA_KEY, key).build();
        synchronized (createLock) {
            Optional<TrackedJob> known = jobs.findByIdempotencyKey(key);
            if (known.isPresent()) {
                TrackedJob t = known.get();
                if (!t.model().equals(request.model()) || !t.trainingFileId().equals(request.trainingFileId())) {
                    throw new InvalidInputException("idempotency_key", "'" + key + "' was already used for a job on "
                        + t.model() + " with training file " + t.trainingFileId());
                }
                Optional<FineTuningJob> existing = known.get().jobId().isPresent()
                    ? Optional.of(backend.retrieveJob(known.get().jobId().get()))
                    : backend.findJobByIdempotencyKey(key);
                if (existing.isPresent()) {
                    LOG.info("job for idempotency key {} already exists: {}", key, existing.get().id());
                    track(known.get(), existing.get());
                    return existing.get();
                }
            }
            Instant now = clock.instant();
            TrackedJob tracked = known.orElseGet(() -> {
                TrackedJob.Builder b = TrackedJob.builder().idempotencyKey(key).model(request.model())
                    .trainingFileId(request.trainingFileId()).createdAt(now).updatedAt(now);
                request.task().ifPresent(b::task);
                return b.build();
            });
            jobs.save(tracked);
            FineTuningJob job = sendCreate(sent, key);
            track(tracked, job);
            LOG.info("created fine-tuning job {} on {} (status {})", job.id(), job.model(), job.status());
            return job;
        }
    }

    /** Sends the create; when the response may be lost, recovers by key before sending once more. */
    private FineTuningJob sendCreate(JobRequest sent, String key) {
        try {
            return backend.createJob(sent);
        } catch (ProviderUnavailableException | ProviderTimeoutException | UncheckedIOException lost) {
            LOG.warn("create of a fine-tuning job failed ({}); looking for a job with idempotency key {} before "
                + "trying once more", lost.getClass().getSimpleName(), key);
            Optional<FineTuningJob> found;
            try {
                found = backend.findJobByIdempotencyKey(key);
            } catch (RuntimeException lookup) {
                lost.addSuppressed(lookup);
                throw lost;
            }
            if (found.isPresent()) {
                LOG.info("recovered fine-tuning job {} created before the response was lost", found.get().id());
                return found.get();
            }
            try {
                return backend.createJob(sent);
            } catch (RuntimeException again) {
                again.addSuppressed(lost);
                throw again;
            }
        }
    }

    private void track(TrackedJob tracked, FineTuningJob job) {
        TrackedJob.Builder b = tracked.toBuilder().jobId(job.id()).status(job.status()).updatedAt(clock.instant());
        job.fineTunedModel().ifPresent(b::fineTunedModel);
        jobs.save(b.build());
        if (!tracked.status().equals(Optional.of(job.status()))) {
            observer.jobStateChanged(job.id(), job.status());
        }
    }

    /** Updates the tracked record of a job this installation started, if any. */
    private void updateTracked(FineTuningJob job) {
        jobs.findByJobId(job.id()).ifPresent(t -> {
            boolean changed = !t.status().equals(Optional.of(job.status()))
                || !t.fineTunedModel().equals(job.fineTunedModel());
            if (changed) {
                track(t, job);
                if (job.status().equals(JobStatus.SUCCEEDED) && job.fineTunedModel().isPresent()
                    && t.task().isPresent()) {
                    modelProduced.accept(producedVersion(t, job));
                }
            }
        });
    }

    private ModelVersion producedVersion(TrackedJob tracked, FineTuningJob job) {
        ModelVersion.Builder v = ModelVersion.builder()
            .task(tracked.task().get())
            .modelId(job.fineTunedModel().get())
            .baseModel(job.model())
            .jobId(job.id())
            .trainingFile(tracked.trainingFileId())
            .createdAt(job.finishedAt().orElse(clock.instant()));
        job.trainedTokens().ifPresent(t -> v.putMetric("trained_tokens", (double) t));
        return v.build();
    }

    @Override
    public FineTuningJob status(String jobId) {
        FineTuningJob job = backend.retrieveJob(checkJobId(jobId));
        updateTracked(job);
        return job;
    }

    @Override
    public FineTuningJob waitForCompletion(String jobId, WaitOptions options) {
        checkJobId(jobId);
        Objects.requireNonNull(options, "options");
        JobListener listener = options.listener();
        Instant deadline = clock.instant().plus(options.timeout());
        Duration interval = positive(options.pollInterval());
        Duration max = options.maxPollInterval().compareTo(interval) < 0 ? interval : options.maxPollInterval();
        Set<String> seen = new HashSet<>();
        JobStatus lastStatus = null;
        while (true) {
            FineTuningJob job = backend.retrieveJob(jobId);
            boolean statusChanged = !job.status().equals(lastStatus);
            lastStatus = job.status();
            if (statusChanged && !job.isTerminal()) {
                updateTracked(job);
                listener.onStatus(job);
            }
            for (JobEvent event : newEvents(jobId, seen)) {
                listener.onEvent(job, event);
            }
            if (statusChanged && job.isTerminal()) {
                // The events that led to the end (last metrics, "job completed") come before it.
                listener.onStatus(job);
            }
            if (job.isTerminal()) {
                updateTracked(job);
                if (job.status().equals(JobStatus.SUCCEEDED) && job.fineTunedModel().isPresent()) {
                    awaitModel(job, deadline, interval, max);
                }
                return job;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new WaitTimeoutException("job " + jobId + " is still " + job.status() + " after "
                    + options.timeout() + "; wait again to resume", job);
            }
            Duration left = Duration.between(now, deadline);
            try {
                sleeper.sleep(left.compareTo(interval) < 0 ? left : interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlabMlException("interrupted while waiting for job " + jobId, e);
            }
            Duration doubled = interval.multipliedBy(2);
            interval = doubled.compareTo(max) > 0 ? max : doubled;
        }
    }

    /**
     * Right after a job succeeds its model may still be loading ("not found"). Polls the model,
     * within the wait's timeout and until {@link #MODEL_READY_WAIT} after the job finished; a model
     * still missing then is logged, not thrown, because the job itself succeeded. A job that
     * finished longer ago than that is not waited for at all: its model was served and has since
     * been deleted.
     */
    private void awaitModel(FineTuningJob job, Instant deadline, Duration interval, Duration max) {
        String model = job.fineTunedModel().get();
        Instant until = job.finishedAt().orElse(clock.instant()).plus(MODEL_READY_WAIT);
        if (deadline.isBefore(until)) {
            until = deadline;
        }
        Duration next = interval;
        while (true) {
            try {
                backend.retrieveModel(model);
                return;
            } catch (NotFoundException e) {
                Instant now = clock.instant();
                if (!now.isBefore(until)) {
                    LOG.warn("job {} succeeded but model {} is not served {} after the job finished; "
                        + "it may have been deleted", job.id(), model, MODEL_READY_WAIT);
                    return;
                }
                Duration left = Duration.between(now, until);
                try {
                    sleeper.sleep(left.compareTo(next) < 0 ? left : next);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SlabMlException("interrupted while waiting for model " + model, ie);
                }
                Duration doubled = next.multipliedBy(2);
                next = doubled.compareTo(max) > 0 ? max : doubled;
            } catch (UnsupportedOperationException e) {
                return;
            }
        }
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    /**
     * Reads the events not seen yet: pages newest first from the start until a known event or the
     * end, then returns them oldest first.
     */
    private List<JobEvent> newEvents(String jobId, Set<String> seen) {
        List<JobEvent> fresh = new ArrayList<>();
        String after = null;
        pages:
        while (fresh.size() < MAX_EVENTS_PER_POLL) {
            List<JobEvent> page = backend.listEvents(jobId, MAX_LIMIT, after);
            for (JobEvent e : page) {
                if (seen.contains(e.id())) {
                    break pages;
                }
                fresh.add(e);
            }
            if (page.size() < MAX_LIMIT) {
                break;
            }
            after = page.get(page.size() - 1).id();
        }
        Collections.reverse(fresh);
        List<JobEvent> result = new ArrayList<>();
        for (JobEvent e : fresh) {
            if (seen.add(e.id())) {
                result.add(e);
            }
        }
        return result;
    }

    @Override
    public FineTuningJob cancel(String jobId) {
        FineTuningJob job = backend.cancelJob(checkJobId(jobId));
        updateTracked(job);
        LOG.info("cancelled fine-tuning job {} (status {})", job.id(), job.status());
        return job;
    }

    /** Pauses a running job, when the backend can. */
    public FineTuningJob pause(String jobId) {
        FineTuningJob job = backend.pauseJob(checkJobId(jobId));
        updateTracked(job);
        return job;
    }

    /** Resumes a paused job, when the backend can. */
    public FineTuningJob resume(String jobId) {
        FineTuningJob job = backend.resumeJob(checkJobId(jobId));
        updateTracked(job);
        return job;
    }

    /**
     * Deletes a fine-tuned model.
     *
     * @throws InvalidInputException naming {@code model} for a model that is not fine-tuned
     */
    public void deleteModel(String modelId) {
        checkModel(modelId);
        if (!modelId.startsWith("ft:")) {
            throw new InvalidInputException("model", "only fine-tuned models (ft:...) can be deleted, not '" + modelId + "'");
        }
        backend.deleteModel(modelId);
        LOG.info("deleted fine-tuned model {}", modelId);
    }

    /** Returns the jobs this installation started, oldest first, as tracked in the job store. */
    public List<TrackedJob> trackedJobs() {
        return List.copyOf(jobs.list());
    }

    /**
     * Returns the models among {@code modelsInUse} whose announced shutdown date is at most
     * {@code days} days away (or past), logging a warning for each.
     */
    public List<ModelInfo> modelsNearShutdown(java.util.Collection<String> modelsInUse, int days) {
        Objects.requireNonNull(modelsInUse, "modelsInUse");
        if (days < 0) {
            throw new InvalidInputException("days", "must not be negative, was " + days);
        }
        java.time.LocalDate limit = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
            .plusDays(days);
        List<ModelInfo> near = new ArrayList<>();
        for (ModelInfo m : backend.listModels()) {
            if (modelsInUse.contains(m.id()) && m.shutdownDate().filter(d -> !d.isAfter(limit)).isPresent()) {
                near.add(m);
                LOG.warn("model {} is in use and shuts down on {}; fine-tune or switch to a newer base model",
                    m.id(), m.shutdownDate().get());
            }
        }
        return List.copyOf(near);
    }

    @Override
    public List<FineTuningJob> listJobs(int limit) {
        return List.copyOf(backend.listJobs(checkLimit(limit), null));
    }

    @Override
    public List<JobEvent> events(String jobId, int limit) {
        List<JobEvent> newestFirst = new ArrayList<>(backend.listEvents(checkJobId(jobId), checkLimit(limit), null));
        Collections.reverse(newestFirst);
        return List.copyOf(newestFirst);
    }

    @Override
    public List<Checkpoint> checkpoints(String jobId) {
        return List.copyOf(backend.listCheckpoints(checkJobId(jobId), 10));
    }

    @Override
    public List<ModelInfo> listModels() {
        return List.copyOf(backend.listModels());
    }

    @Override
    public CostEstimate estimateCost(Path file, String model) {
        Objects.requireNonNull(file, "file");
        return costs.estimate(checkFile(file, catalog.limits().maxFileBytes()), checkModel(model), null);
    }

    @Override
    public CostEstimate estimateCost(Path file, String model, int epochs) {
        Objects.requireNonNull(file, "file");
        if (epochs < 1) {
            throw new InvalidInputException("n_epochs", "must be at least 1, was " + epochs);
        }
        catalog.find(model).flatMap(m -> m.range(ParameterRange.EPOCHS)).ifPresent(r -> r.check(epochs));
        return costs.estimate(checkFile(file, catalog.limits().maxFileBytes()), checkModel(model), epochs);
    }

    private static String checkModel(String model) {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new InvalidInputException("model", "must not be blank");
        }
        return model;
    }

    private static String checkJobId(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new InvalidInputException("job_id", "'" + jobId + "' is not a job id (letters, digits, '-', '_', ':', '.')");
        }
        return jobId;
    }

    private static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be 1-" + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }
}
