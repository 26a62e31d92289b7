/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobMetrics;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.TrainingMethod;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One simulated fine-tuning job: what its training file holds, and its lifecycle computed from
 * the time it is observed at ({@link #timeline}): statuses, message and metrics events, checkpoints
 * for the last three epochs, pauses and cancellation. Not thread-safe: the
 * {@link SimulatedFineTuningBackend} that owns it guards it with its lock.
 */
final class SimulatedJob {
    /** Minimum training examples, as OpenAI enforces. */
    static final int MIN_EXAMPLES = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_METRICS_EVENTS = 50;

    /** How long each phase lasts. */
    record Timings(Duration validating, Duration queue, Duration epoch) {
    }

    /** The job as observed at one instant. */
    static final class Timeline {
        JobStatus status;
        Instant finishedAt;
        JobError error;
        Long trainedTokens;
        List<JobEvent> events;
        List<Checkpoint> checkpoints;
    }

    private record Pause(Duration atActive, Duration length) {
    }

    private record Extra(Instant at, String level, String message) {
    }

    final String id;
    final JobRequest request;
    final Instant createdAt;
    final String trainingContent;
    final boolean hasValidation;
    final String fineTunedModel;
    final Map<String, String> metadata;
    private final JobError failure;
    private final long noiseSeed;
    private final Timings timings;
    private final Long seed;
    private final int examples;
    private final JobError formatError;
    private final long tokens;
    private final int epochs;
    private final long totalSteps;
    private final Hyperparameters resolved;
    private final List<Pause> pauses = new ArrayList<>();
    private final List<Extra> extraEvents = new ArrayList<>();
    private Instant pausedAt;
    private Instant cancelledAt;

    /**
     * @param failure the error the job fails with half-way through, or {@code null}
     * @param noiseSeed the backend's seed, for the losses' noise
     */
    SimulatedJob(String id, JobRequest request, Instant createdAt, String trainingContent, boolean hasValidation,
            JobError failure, String organization, long noiseSeed, Timings timings) {
        this.id = id;
        this.request = request;
        this.createdAt = createdAt;
        this.trainingContent = trainingContent;
        this.hasValidation = hasValidation;
        this.failure = failure;
        this.noiseSeed = noiseSeed;
        this.timings = timings;
        Map<String, String> md = new LinkedHashMap<>(request.metadata());
        request.idempotencyKey().ifPresent(k -> md.put(FineTuningBackend.IDEMPOTENCY_METADATA_KEY, k));
        this.metadata = Collections.unmodifiableMap(md);
        this.seed = request.seed().isPresent() ? request.seed().getAsLong() : mix(id.hashCode()) % 2147483647L;
        TrainingFile file = TrainingFile.read(trainingContent, request.method());
        this.examples = file.examples;
        this.formatError = file.examples >= MIN_EXAMPLES ? file.error : null;
        this.tokens = Math.max(1, file.chars / 4);
        Hyperparameters h = request.hyperparameters();
        int defaultEpochs = 3;
        if (examples > 0 && examples * 3 < 100) {
            defaultEpochs = Math.min(25, 100 / examples);
        } else if (examples * 3L > 25_000) {
            defaultEpochs = Math.max(1, 25_000 / examples);
        }
        this.epochs = h.epochs().orElse(defaultEpochs);
        int batchSize = h.batchSize().orElse(Math.max(1, Math.min(256, examples / 50)));
        this.totalSteps = Math.max(1L, (long) epochs * ((Math.max(examples, 1) + batchSize - 1) / batchSize));
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

    /** Whether the job is paused and not cancelled. */
    boolean isPaused() {
        return pausedAt != null && cancelledAt == null;
    }

    void cancel(Instant now) {
        cancelledAt = now;
        extraEvents.add(new Extra(now, "info", "Fine-tuning job cancelled"));
    }

    void pause(Instant now) {
        pausedAt = now;
        extraEvents.add(new Extra(now, "info", "Fine-tuning job paused"));
    }

    void resume(Instant now) {
        Duration active = Duration.between(createdAt, pausedAt).minus(pausedTotal());
        pauses.add(new Pause(active, Duration.between(pausedAt, now)));
        pausedAt = null;
        extraEvents.add(new Extra(now, "info", "Fine-tuning job resumed"));
    }

    /** When the job ends if nothing pauses it further: creation, pauses so far and its active length. */
    Instant naturalEnd() {
        return createdAt.plus(pausedTotal()).plus(activeLength());
    }

    /** The job as the API shows it at {@code now}. */
    FineTuningJob view(Instant now) {
        Timeline t = timeline(now);
        FineTuningJob.Builder b = FineTuningJob.builder().id(id).model(request.model()).status(t.status)
            .createdAt(createdAt).trainingFileId(request.trainingFileId())
            .validationFileId(request.validationFileId().orElse(null))
            .hyperparameters(resolved).method(request.method()).seed(seed).metadata(metadata);
        if (t.status.isTerminal()) {
            b.finishedAt(t.finishedAt);
        } else if (!t.status.equals(JobStatus.PAUSED) && examples >= MIN_EXAMPLES && formatError == null) {
            b.estimatedFinish(naturalEnd());
        }
        if (t.status.equals(JobStatus.SUCCEEDED)) {
            b.fineTunedModel(fineTunedModel).trainedTokens(t.trainedTokens);
        }
        if (t.status.equals(JobStatus.FAILED)) {
            b.error(t.error);
        }
        return b.build();
    }

    /** How long the job is active (not paused) from creation to its natural end. */
    private Duration activeLength() {
        if (examples < MIN_EXAMPLES || formatError != null) {
            return timings.validating();
        }
        Duration running = timings.epoch().multipliedBy(epochs);
        if (failure != null) {
            running = running.dividedBy(2);
        }
        return timings.validating().plus(timings.queue()).plus(running);
    }

    /** The job's status, events and checkpoints as of {@code now}. */
    Timeline timeline(Instant now) {
        Timeline t = new Timeline();
        Instant stop = cancelledAt != null && cancelledAt.isBefore(now) ? cancelledAt : now;
        boolean paused = pausedAt != null && !pausedAt.isAfter(stop);
        Duration elapsed = Duration.between(createdAt, paused ? pausedAt : stop).minus(pausedTotal());
        Events events = new Events(elapsed);
        List<Checkpoint> checkpoints = new ArrayList<>();
        events.add(Duration.ZERO, "info", "Validating training file: " + request.trainingFileId()
            + request.validationFileId().map(v -> " and validation file: " + v).orElse(""), null);
        Duration active = activeLength();
        boolean ended = elapsed.compareTo(active) >= 0;
        Duration validating = timings.validating();
        if (examples < MIN_EXAMPLES || formatError != null) {
            JobError error = formatError != null ? formatError : new JobError("invalid_n_examples",
                "Training file has " + examples + " example(s), but must have at least " + MIN_EXAMPLES
                    + " examples", "training_file");
            events.add(validating, "error", error.message(), null);
            if (ended) {
                t.status = JobStatus.FAILED;
                t.error = error;
                t.finishedAt = wall(active);
            } else {
                t.status = JobStatus.VALIDATING_FILES;
            }
        } else {
            events.add(validating, "info", "Files validated, moving job to queued state", null);
            Duration runStart = validating.plus(timings.queue());
            events.add(runStart, "info", "Fine-tuning job started", null);
            train(runStart, elapsed, events, checkpoints);
            if (failure != null) {
                events.add(active, "error", failure.message(), null);
            } else {
                events.add(active, "info", "New fine-tuned model created: " + fineTunedModel, null);
                events.add(active, "info", "The job has successfully completed", null);
            }
            if (ended) {
                t.finishedAt = wall(active);
                if (failure != null) {
                    t.status = JobStatus.FAILED;
                    t.error = failure;
                } else {
                    t.status = JobStatus.SUCCEEDED;
                    t.trainedTokens = tokens * epochs;
                }
            } else if (elapsed.compareTo(validating) < 0) {
                t.status = JobStatus.VALIDATING_FILES;
            } else if (elapsed.compareTo(runStart) < 0) {
                t.status = JobStatus.QUEUED;
            } else {
                t.status = JobStatus.RUNNING;
            }
        }
        if (!t.status.isTerminal()) {
            if (cancelledAt != null && !cancelledAt.isAfter(now)) {
                t.status = JobStatus.CANCELLED;
                t.finishedAt = cancelledAt;
            } else if (paused) {
                t.status = JobStatus.PAUSED;
            }
        }
        // user actions (pause, resume, cancel) happened at wall times, merge them in time order
        for (int i = 0; i < extraEvents.size(); i++) {
            Extra x = extraEvents.get(i);
            if (!x.at.isAfter(now)) {
                events.list.add(new JobEvent(id.replace("ftjob-", "ftevent-") + "-x" + i, x.at, x.level, x.message,
                    "message", Optional.empty()));
            }
        }
        events.list.sort(Comparator.comparing(JobEvent::createdAt));
        t.events = events.list;
        t.checkpoints = checkpoints;
        return t;
    }

    /** The training steps done by {@code elapsed}: metrics events, and checkpoints of the last three epochs. */
    private void train(Duration runStart, Duration elapsed, Events events, List<Checkpoint> checkpoints) {
        Random noise = new Random(noiseSeed ^ id.hashCode());
        long stride = Math.max(1, (totalSteps + MAX_METRICS_EVENTS - 1) / MAX_METRICS_EVENTS);
        Duration fullRun = timings.epoch().multipliedBy(epochs);
        long lastStep = failure != null ? totalSteps / 2 : totalSteps;
        long stepsPerEpoch = Math.max(1, totalSteps / epochs);
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
                events.add(at, "info", "Step " + step + "/" + totalSteps + ": training loss="
                    + String.format(Locale.ROOT, "%.4f", m.trainLoss()), m);
            }
            long epoch = (step + stepsPerEpoch - 1) / stepsPerEpoch;
            if (epochEnd && epoch > epochs - 3 && at.compareTo(elapsed) <= 0 && failure == null) {
                checkpoints.add(new Checkpoint(id.replace("ftjob-", "ftckpt-") + "-" + step, id,
                    fineTunedModel + ":ckpt-step-" + step, step, wall(at), Optional.of(m)));
                events.add(at, "info", "Checkpoint created at step " + step, null);
            }
        }
    }

    private Duration pausedTotal() {
        Duration d = Duration.ZERO;
        for (Pause p : pauses) {
            d = d.plus(p.length);
        }
        return d;
    }

    /** Wall time of an active-elapsed instant: creation plus active time plus pauses before it. */
    private Instant wall(Duration active) {
        Instant t = createdAt.plus(active);
        for (Pause p : pauses) {
            if (p.atActive.compareTo(active) < 0) {
                t = t.plus(p.length);
            }
        }
        return t;
    }

    static long mix(long v) {
        long z = v * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & 0xFFFFFFFFFFFFL;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10_000.0) / 10_000.0;
    }

    /** The events emitted so far: those at or before the job's active elapsed time. */
    private final class Events {
        final List<JobEvent> list = new ArrayList<>();
        private final Duration elapsed;
        private int seq;

        Events(Duration elapsed) {
            this.elapsed = elapsed;
        }

        void add(Duration at, String level, String message, JobMetrics metrics) {
            if (at.compareTo(elapsed) <= 0) {
                list.add(new JobEvent(id.replace("ftjob-", "ftevent-") + "-" + (seq++), wall(at), level, message,
                    metrics == null ? "message" : "metrics", Optional.ofNullable(metrics)));
            }
        }
    }

    /** A training file's example count, size and first format error, checked line by line. */
    private record TrainingFile(int examples, long chars, JobError error) {
        static TrainingFile read(String content, TrainingMethod method) {
            int n = 0;
            JobError bad = null;
            long chars = 0;
            int lineNo = 0;
            for (String line : content.split("\n", -1)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                chars += line.length();
                if (bad == null) {
                    bad = check(line, lineNo, method);
                }
                n++;
            }
            return new TrainingFile(n, chars, bad);
        }

        private static JobError check(String line, int lineNo, TrainingMethod method) {
            try {
                JsonNode node = JSON.readTree(line);
                boolean preference = method.equals(TrainingMethod.PREFERENCE);
                if (node == null || !node.isObject()) {
                    return new JobError("invalid_training_file", "Line " + lineNo
                        + " of the training file is not a JSON object", "training_file");
                } else if (!preference && !node.path("messages").isArray()) {
                    return new JobError("invalid_training_file", "Line " + lineNo
                        + " of the training file is not an object with a messages list", "training_file");
                } else if (preference && (!node.path("input").path("messages").isArray()
                    || node.path("preferred_output").size() != 1 || node.path("non_preferred_output").size() != 1)) {
                    return new JobError("invalid_training_file", "Line " + lineNo + " of the training file is not "
                        + "a preference pair (input.messages, preferred_output, non_preferred_output)", "training_file");
                }
                return null;
            } catch (IOException e) {
                return new JobError("invalid_training_file", "Line " + lineNo
                    + " of the training file is not valid JSON", "training_file");
            }
        }
    }
}
