/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.Sleeper;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.JobStore;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ParameterRange;
import com.slabstak.slabml.spi.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fine-tuning jobs through a {@link FineTuningBackend} and remembers the jobs it started in
 * a {@link JobStore}, so that a create is never billed twice and a wait resumes after a restart.
 * Creating is {@link JobCreator}'s work, waiting {@link JobWaiter}'s; with a shared
 * {@link StateStore} both hold leases, so that instances of a service sharing one store create a
 * job once and poll the provider for it from one instance. Time comes from the clock and waiting
 * goes through the {@link Sleeper}. Internal.
 *
 * {@code FineTuningManager ft = new DefaultFineTuningManager(backend, stores.jobs(), validator::validate, costs::estimate, clock, Sleeper.system());}
 */
public final class DefaultFineTuningManager implements FineTuningManager {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultFineTuningManager.class);

    /** Largest page size of list calls. */
    static final int MAX_LIMIT = JobInputs.MAX_LIMIT;
    /** Events read per poll at most, so a first poll of a long job stays bounded. */
    static final int MAX_EVENTS_PER_POLL = JobWaiter.MAX_EVENTS_PER_POLL;
    /** How long a wait keeps polling a succeeded job's model until it is served. */
    static final Duration MODEL_READY_WAIT = JobWaiter.MODEL_READY_WAIT;

    private final FineTuningBackend backend;
    private final JobStore jobs;
    private final DatasetCheck validator;
    private final CostModel costs;
    private final Clock clock;
    private final ModelCatalog catalog;
    private final JobTracker tracker;
    private final JobCreator creator;
    private final JobWaiter waiter;

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
        this(backend, jobs, null, validator, costs, clock, sleeper, modelProduced, catalog, observer);
    }

    /**
     * Creates a manager whose creates and waits take leases in {@code state}, the state store every
     * instance of the service shares with the job store: of several instances creating a job with
     * one idempotency key one creates it, and of several waiting for one job one polls the
     * provider while the others read the job store.
     *
     * @param state the shared state store, or {@code null} to coordinate only the threads of this process
     */
    public DefaultFineTuningManager(FineTuningBackend backend, JobStore jobs, StateStore state, DatasetCheck validator,
                                    CostModel costs, Clock clock, Sleeper sleeper,
                                    Consumer<ModelVersion> modelProduced, ModelCatalog catalog,
                                    SlabMlObserver observer) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.costs = Objects.requireNonNull(costs, "costs");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        this.tracker = new JobTracker(jobs, clock, observer, modelProduced);
        JobLeases leases = new JobLeases(state);
        this.creator = new JobCreator(backend, tracker, leases, catalog, clock, sleeper);
        this.waiter = new JobWaiter(backend, tracker, leases, clock, sleeper);
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

    @Override
    public FineTuningJob createJob(JobRequest request) {
        return creator.create(request);
    }

    @Override
    public FineTuningJob status(String jobId) {
        FineTuningJob job = backend.retrieveJob(checkJobId(jobId));
        tracker.update(job);
        return job;
    }

    @Override
    public FineTuningJob waitForCompletion(String jobId, WaitOptions options) {
        return waiter.await(checkJobId(jobId), options);
    }

    @Override
    public FineTuningJob cancel(String jobId) {
        FineTuningJob job = backend.cancelJob(checkJobId(jobId));
        tracker.update(job);
        LOG.info("cancelled fine-tuning job {} (status {})", job.id(), job.status());
        return job;
    }

    /** Pauses a running job, when the backend can. */
    public FineTuningJob pause(String jobId) {
        FineTuningJob job = backend.pauseJob(checkJobId(jobId));
        tracker.update(job);
        return job;
    }

    /** Resumes a paused job, when the backend can. */
    public FineTuningJob resume(String jobId) {
        FineTuningJob job = backend.resumeJob(checkJobId(jobId));
        tracker.update(job);
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

    private static Path checkFile(Path file, long maxFileBytes) {
        return JobInputs.checkFile(file, maxFileBytes);
    }

    private static String checkModel(String model) {
        return JobInputs.checkModel(model);
    }

    private static String checkJobId(String jobId) {
        return JobInputs.checkJobId(jobId);
    }

    private static int checkLimit(int limit) {
        return JobInputs.checkLimit(limit);
    }
}
