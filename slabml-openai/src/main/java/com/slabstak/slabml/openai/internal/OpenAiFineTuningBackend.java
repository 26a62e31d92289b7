/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai.internal;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import com.openai.models.finetuning.jobs.JobListParams;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListParams;
import com.openai.models.finetuning.jobs.checkpoints.FineTuningJobCheckpoint;
import com.openai.models.finetuning.methods.DpoHyperparameters;
import com.openai.models.finetuning.methods.DpoMethod;
import com.openai.models.finetuning.methods.SupervisedHyperparameters;
import com.openai.models.finetuning.methods.SupervisedMethod;
import com.openai.models.models.Model;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobMetrics;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.TrainingMethod;
import com.slabstak.slabml.spi.ProviderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI (and Azure OpenAI) fine-tuning backend, on openai-java. Public for the provider
 * factory only; not part of the API.
 *
 * <p>Job status is read as an open string, an empty {@code error: {}} is not a failure, and every
 * SDK exception is mapped into SlabML's exception tree. Job creation is sent once, without SDK
 * retries: a create whose response was lost is recovered with {@link #findJobByIdempotencyKey}.
 */
public final class OpenAiFineTuningBackend implements FineTuningBackend {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiFineTuningBackend.class);
    /** How many recent jobs a lookup by idempotency key scans when the metadata filter finds nothing. */
    static final int IDEMPOTENCY_SCAN_LIMIT = 100;
    private static final int MAX_METADATA_PAIRS = 16;

    private final OpenAIClient client;
    private final OpenAIClient createClient;
    private final OpenAiErrors errors;

    OpenAiFineTuningBackend(OpenAIClient client, OpenAIClient createClient, OpenAiErrors errors) {
        this.client = client;
        // A retried create can start a second billed job: create is sent exactly once.
        this.createClient = createClient;
        this.errors = errors;
    }

    /** Builds the backend from {@code slabml.openai.*} configuration. */
    public static OpenAiFineTuningBackend create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        OpenAiClients.Settings settings = OpenAiClients.create(context.config());
        return new OpenAiFineTuningBackend(settings.client(), settings.jobCreateClient(), new OpenAiErrors(settings.secrets(), context.clock(), settings.azure()));
    }

    @Override
    public UploadedFile uploadFile(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("file", "not a readable file: " + file);
        }
        FileObject f = errors.call("file upload", () -> client.files().create(
            FileCreateParams.builder().file(file).purpose(FilePurpose.FINE_TUNE).build()));
        return new UploadedFile(f.id(), f.filename(), f.bytes(), f.purpose().asString(),
            Instant.ofEpochSecond(f.createdAt()));
    }

    @Override
    public FineTuningJob createJob(JobRequest request) {
        Objects.requireNonNull(request, "request");
        Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
        request.idempotencyKey().ifPresent(k -> metadata.put(IDEMPOTENCY_METADATA_KEY, k));
        if (metadata.size() > MAX_METADATA_PAIRS) {
            throw new InvalidInputException("metadata", "at most " + MAX_METADATA_PAIRS
                + " pairs including the idempotency key, was " + metadata.size());
        }
        JobCreateParams.Builder params = JobCreateParams.builder()
            .model(request.model())
            .trainingFile(request.trainingFileId())
            .method(method(request));
        request.validationFileId().ifPresent(params::validationFile);
        request.suffix().ifPresent(params::suffix);
        request.seed().ifPresent(params::seed);
        if (!metadata.isEmpty()) {
            JobCreateParams.Metadata.Builder m = JobCreateParams.Metadata.builder();
            metadata.forEach(m::putProperty);
            params.metadata(m.build());
        }
        com.openai.models.finetuning.jobs.FineTuningJob job = errors.call("fine-tuning job create",
            OpenAiErrors.Operation.CREATE_JOB, () -> createClient.fineTuning().jobs().create(params.build()));
        LOG.info("Created fine-tuning job {} on {}", job.id(), request.model());
        return errors.call("fine-tuning job create", () -> toJob(job));
    }

    /** {@code method}: {@code supervised}, or {@code dpo} with its beta for a preference job. */
    private static JobCreateParams.Method method(JobRequest request) {
        if (request.method().equals(TrainingMethod.PREFERENCE)) {
            return JobCreateParams.Method.builder()
                .type(JobCreateParams.Method.Type.DPO)
                .dpo(DpoMethod.builder().hyperparameters(dpo(request.hyperparameters())).build())
                .build();
        }
        if (!request.method().equals(TrainingMethod.SUPERVISED)) {
            throw new InvalidInputException("method", "OpenAI trains with supervised or preference, was " + request.method());
        }
        return JobCreateParams.Method.builder()
            .type(JobCreateParams.Method.Type.SUPERVISED)
            .supervised(SupervisedMethod.builder().hyperparameters(supervised(request.hyperparameters())).build())
            .build();
    }

    private static DpoHyperparameters dpo(Hyperparameters h) {
        DpoHyperparameters.Builder b = DpoHyperparameters.builder();
        valueOrAuto(h.epochs(), b::nEpochs, b::nEpochsAuto);
        valueOrAuto(h.batchSize(), b::batchSize, b::batchSizeAuto);
        valueOrAuto(h.learningRateMultiplier(), b::learningRateMultiplier, b::learningRateMultiplierAuto);
        valueOrAuto(h.beta(), b::beta, b::betaAuto);
        return b.build();
    }

    private static SupervisedHyperparameters supervised(Hyperparameters h) {
        SupervisedHyperparameters.Builder b = SupervisedHyperparameters.builder();
        valueOrAuto(h.epochs(), b::nEpochs, b::nEpochsAuto);
        valueOrAuto(h.batchSize(), b::batchSize, b::batchSizeAuto);
        valueOrAuto(h.learningRateMultiplier(), b::learningRateMultiplier, b::learningRateMultiplierAuto);
        return b.build();
    }

    /** A hyperparameter the request sets is sent as its value, one it leaves unset as {@code auto}. */
    private static void valueOrAuto(OptionalInt value, LongConsumer set, Runnable auto) {
        if (value.isPresent()) {
            set.accept(value.getAsInt());
        } else {
            auto.run();
        }
    }

    private static void valueOrAuto(OptionalDouble value, DoubleConsumer set, Runnable auto) {
        if (value.isPresent()) {
            set.accept(value.getAsDouble());
        } else {
            auto.run();
        }
    }

    @Override
    public FineTuningJob retrieveJob(String jobId) {
        requireId("jobId", jobId);
        return errors.call("fine-tuning job retrieve", () -> toJob(client.fineTuning().jobs().retrieve(jobId)));
    }

    @Override
    public List<FineTuningJob> listJobs(int limit, String after) {
        requireLimit(limit);
        JobListParams.Builder params = JobListParams.builder().limit(limit);
        if (after != null) {
            params.after(after);
        }
        return errors.call("fine-tuning job list", () -> {
            List<FineTuningJob> jobs = new ArrayList<>();
            for (com.openai.models.finetuning.jobs.FineTuningJob j : client.fineTuning().jobs().list(params.build()).data()) {
                jobs.add(toJob(j));
            }
            return jobs;
        });
    }

    @Override
    public FineTuningJob cancelJob(String jobId) {
        requireId("jobId", jobId);
        return errors.call("fine-tuning job cancel", () -> toJob(client.fineTuning().jobs().cancel(jobId)));
    }

    @Override
    public FineTuningJob pauseJob(String jobId) {
        requireId("jobId", jobId);
        return errors.call("fine-tuning job pause", () -> toJob(client.fineTuning().jobs().pause(jobId)));
    }

    @Override
    public FineTuningJob resumeJob(String jobId) {
        requireId("jobId", jobId);
        return errors.call("fine-tuning job resume", () -> toJob(client.fineTuning().jobs().resume(jobId)));
    }

    @Override
    public List<JobEvent> listEvents(String jobId, int limit, String after) {
        requireId("jobId", jobId);
        requireLimit(limit);
        JobListEventsParams.Builder params = JobListEventsParams.builder().fineTuningJobId(jobId).limit(limit);
        if (after != null) {
            params.after(after);
        }
        return errors.call("fine-tuning job events", () -> {
            List<JobEvent> events = new ArrayList<>();
            for (com.openai.models.finetuning.jobs.FineTuningJobEvent e
                : client.fineTuning().jobs().listEvents(params.build()).data()) {
                events.add(toEvent(e));
            }
            return events;
        });
    }

    @Override
    public List<Checkpoint> listCheckpoints(String jobId, int limit) {
        requireId("jobId", jobId);
        requireLimit(limit);
        CheckpointListParams params = CheckpointListParams.builder().fineTuningJobId(jobId).limit(limit).build();
        return errors.call("fine-tuning checkpoints", () -> {
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (FineTuningJobCheckpoint c : client.fineTuning().jobs().checkpoints().list(params).data()) {
                checkpoints.add(toCheckpoint(c));
            }
            return checkpoints;
        });
    }

    @Override
    public List<ModelInfo> listModels() {
        return errors.call("model list", () -> {
            List<ModelInfo> models = new ArrayList<>();
            for (Model m : client.models().list().data()) {
                models.add(toModel(m));
            }
            return models;
        });
    }

    @Override
    public ModelInfo retrieveModel(String modelId) {
        requireId("modelId", modelId);
        return errors.call("model retrieve", () -> toModel(client.models().retrieve(modelId)));
    }

    @Override
    public void deleteModel(String modelId) {
        requireId("modelId", modelId);
        errors.call("model delete", () -> client.models().delete(modelId));
        LOG.info("Deleted model {}", modelId);
    }

    @Override
    public Optional<FineTuningJob> findJobByIdempotencyKey(String key) {
        requireId("key", key);
        return errors.call("fine-tuning job lookup", () -> {
            JobListParams filtered = JobListParams.builder()
                .limit(10)
                .metadata(JobListParams.Metadata.builder().putAdditionalProperty(IDEMPOTENCY_METADATA_KEY, key).build())
                .build();
            Optional<FineTuningJob> found = firstWithKey(client.fineTuning().jobs().list(filtered).data(), key);
            if (found.isPresent()) {
                return found;
            }
            // A server that ignores the metadata filter: scan a bounded number of recent jobs.
            return firstWithKey(client.fineTuning().jobs().list(
                JobListParams.builder().limit(IDEMPOTENCY_SCAN_LIMIT).build()).data(), key);
        });
    }

    private static Optional<FineTuningJob> firstWithKey(List<com.openai.models.finetuning.jobs.FineTuningJob> jobs, String key) {
        for (com.openai.models.finetuning.jobs.FineTuningJob j : jobs) {
            FineTuningJob job = toJob(j);
            if (key.equals(job.metadata().get(IDEMPOTENCY_METADATA_KEY))) {
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- mapping from SDK values; tolerant of shapes the SDK's enums and required fields lack ----

    static FineTuningJob toJob(com.openai.models.finetuning.jobs.FineTuningJob j) {
        FineTuningJob.Builder b = FineTuningJob.builder()
            .id(j.id())
            .model(j.model())
            .status(JobStatus.of(j._status().asKnown().map(s -> s.asString())
                .or(() -> j._status().asString()).orElse("unknown")))
            .createdAt(Instant.ofEpochSecond(j.createdAt()))
            .trainingFileId(j.trainingFile())
            .validationFileId(string(j._validationFile()).orElse(null))
            .fineTunedModel(string(j._fineTunedModel()).orElse(null))
            .finishedAt(epoch(j._finishedAt()).orElse(null))
            .estimatedFinish(epoch(j._estimatedFinish()).orElse(null))
            .trainedTokens(j._trainedTokens().asKnown().orElse(null))
            .seed(j._seed().asKnown().orElse(null))
            .error(error(j).orElse(null))
            .hyperparameters(hyperparameters(j))
            .method(j._method().asKnown().flatMap(m -> m._type().asKnown())
                .map(t -> TrainingMethod.of(t.asString())).orElse(TrainingMethod.SUPERVISED));
        j._metadata().asKnown().ifPresent(m -> m._allProperties().forEach((k, v) -> {
            JsonField<?> value = v;
            value.asString().ifPresent(s -> b.putMetadata(k, s));
        }));
        return b.build();
    }

    /** {@code error: {}} (and {@code null}) mean no error. */
    private static Optional<JobError> error(com.openai.models.finetuning.jobs.FineTuningJob j) {
        Optional<com.openai.models.finetuning.jobs.FineTuningJob.Error> e = j._error().asKnown();
        if (e.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> code = e.get()._code().asKnown();
        Optional<String> message = e.get()._message().asKnown();
        if (code.isEmpty() && message.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JobError(code.orElse("unknown"), message.orElse(""), e.get()._param().asKnown().orElse(null)));
    }

    private static Hyperparameters hyperparameters(com.openai.models.finetuning.jobs.FineTuningJob j) {
        Optional<SupervisedHyperparameters> supervised = j._method().asKnown()
            .flatMap(m -> m._supervised().asKnown())
            .flatMap(s -> s._hyperparameters().asKnown());
        Hyperparameters.Builder b = Hyperparameters.builder();
        Optional<DpoHyperparameters> dpo = j._method().asKnown()
            .flatMap(m -> m._dpo().asKnown())
            .flatMap(d -> d._hyperparameters().asKnown());
        if (dpo.isPresent()) {
            DpoHyperparameters h = dpo.get();
            h._nEpochs().asKnown().filter(x -> x.isInteger()).ifPresent(x -> b.epochs((int) x.asInteger()));
            h._batchSize().asKnown().filter(x -> x.isInteger()).ifPresent(x -> b.batchSize((int) x.asInteger()));
            h._learningRateMultiplier().asKnown().filter(x -> x.isNumber())
                .ifPresent(x -> b.learningRateMultiplier(x.asNumber()));
            h._beta().asKnown().filter(x -> x.isNumber()).ifPresent(x -> b.beta(x.asNumber()));
            return b.build();
        }
        if (supervised.isPresent()) {
            SupervisedHyperparameters h = supervised.get();
            h._nEpochs().asKnown().filter(x -> x.isInteger()).ifPresent(x -> b.epochs((int) x.asInteger()));
            h._batchSize().asKnown().filter(x -> x.isInteger()).ifPresent(x -> b.batchSize((int) x.asInteger()));
            h._learningRateMultiplier().asKnown().filter(x -> x.isNumber())
                .ifPresent(x -> b.learningRateMultiplier(x.asNumber()));
            return b.build();
        }
        j._hyperparameters().asKnown().ifPresent(h -> {
            h._nEpochs().asKnown().filter(x -> x.isInteger()).ifPresent(x -> b.epochs((int) x.asInteger()));
            h._batchSize().asKnown().filter(x -> x.isInteger()).ifPresent(x -> b.batchSize((int) x.asInteger()));
            h._learningRateMultiplier().asKnown().filter(x -> x.isNumber())
                .ifPresent(x -> b.learningRateMultiplier(x.asNumber()));
        });
        return b.build();
    }

    static JobEvent toEvent(com.openai.models.finetuning.jobs.FineTuningJobEvent e) {
        String type = e._type().asKnown().map(t -> t.asString()).orElse("message");
        String level = e._level().asKnown().map(l -> l.asString()).orElse("info");
        JsonField<?> data = e._data();
        Optional<JobMetrics> metrics = data.asObject().filter(d -> d.containsKey("step")).map(d -> new JobMetrics(
            (long) number(d.get("step")),
            (long) orZero(number(d.get("total_steps"))),
            number(d.get("train_loss")),
            number(d.get("valid_loss")),
            number(d.get("full_valid_loss")),
            number(d.get("train_mean_token_accuracy")),
            number(d.get("valid_mean_token_accuracy"))));
        return new JobEvent(e.id(), Instant.ofEpochSecond(e.createdAt()), level, e._message().asKnown().orElse(""),
            type, metrics);
    }

    static Checkpoint toCheckpoint(FineTuningJobCheckpoint c) {
        FineTuningJobCheckpoint.Metrics m = c.metrics();
        JobMetrics metrics = new JobMetrics(
            m.step().map(Double::longValue).orElse(c.stepNumber()),
            0,
            m.trainLoss().orElse(Double.NaN),
            m.validLoss().orElse(Double.NaN),
            m.fullValidLoss().orElse(Double.NaN),
            m.trainMeanTokenAccuracy().orElse(Double.NaN),
            m.validMeanTokenAccuracy().orElse(Double.NaN));
        return new Checkpoint(c.id(), c.fineTuningJobId(), c.fineTunedModelCheckpoint(), c.stepNumber(),
            Instant.ofEpochSecond(c.createdAt()), Optional.of(metrics));
    }

    static ModelInfo toModel(Model m) {
        return ModelInfo.builder()
            .id(m.id())
            .ownedBy(m._ownedBy().asKnown().orElse(""))
            .createdAt(m._created().asKnown().filter(t -> t > 0).map(Instant::ofEpochSecond).orElse(null))
            .baseModel(baseModel(m.id()).orElse(null))
            .shutdownDate(m._shutdownDate().asKnown().orElse(null))
            .build();
    }

    /** {@code ft:gpt-4o-mini-2024-07-18:org:suffix:id} was tuned from {@code gpt-4o-mini-2024-07-18}. */
    static Optional<String> baseModel(String modelId) {
        if (!modelId.startsWith("ft:")) {
            return Optional.empty();
        }
        String[] parts = modelId.split(":");
        return parts.length > 1 && !parts[1].isEmpty() ? Optional.of(parts[1]) : Optional.empty();
    }

    private static Optional<String> string(JsonField<String> field) {
        return field.asKnown();
    }

    private static Optional<Instant> epoch(JsonField<Long> field) {
        return field.asKnown().filter(t -> t > 0).map(Instant::ofEpochSecond);
    }

    private static double number(JsonValue v) {
        if (v == null) {
            return Double.NaN;
        }
        JsonField<?> field = v;
        return field.asNumber().map(Number::doubleValue).orElse(Double.NaN);
    }

    private static double orZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    private static void requireId(String field, String id) {
        Objects.requireNonNull(id, field);
        if (id.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1, was " + limit);
        }
    }
}
