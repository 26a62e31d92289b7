/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.PermissionDeniedException;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.ProviderContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Together AI fine-tuning backend, on the JDK's HTTP client. Public for the provider factory
 * only; not part of the API.
 *
 * <p>Routes and bodies follow together-py: files are uploaded as its {@code UploadManager} does
 * ({@code POST /files} answers {@code 302} with the storage URL and the file id, the bytes are
 * {@code PUT} there, then {@code POST /files/{id}/preprocess}); jobs are {@code /fine-tunes}
 * (create, list, retrieve, cancel, events, checkpoints, delete); models are {@code GET /models}
 * plus the outputs of completed jobs. Together lists jobs and events unpaged, so limits and
 * {@code after} cursors are applied here. Job creation is sent once, never retried: a lost
 * response is recovered by {@link #findJobByIdempotencyKey} (see {@link JobNotes}).
 */
public final class TogetherFineTuningBackend implements FineTuningBackend {
    private static final Logger LOG = LoggerFactory.getLogger(TogetherFineTuningBackend.class);
    static final String PURPOSE = "fine-tune";
    private static final Set<String> CHAT_TYPES = Set.of("chat", "language", "code");

    private final TogetherHttp http;
    private final TogetherSettings settings;
    private final JobNotes notes;

    TogetherFineTuningBackend(TogetherHttp http, TogetherSettings settings, JobNotes notes) {
        this.http = http;
        this.settings = settings;
        this.notes = notes;
    }

    /** Builds the backend from {@code slabml.together.*} configuration. */
    public static TogetherFineTuningBackend create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        TogetherSettings settings = TogetherSettings.read(context.config());
        TogetherHttp http = new TogetherHttp(settings.baseUrl(), settings.apiKey(), settings.timeout(),
            settings.maxRetries(), new TogetherErrors(List.of(settings.apiKey())), d -> Thread.sleep(d.toMillis()));
        LOG.info("Together AI provider on {}, retries {}", settings.baseUrl(), settings.maxRetries());
        return new TogetherFineTuningBackend(http, settings, JobNotes.open(context.dataDirectory()));
    }

    // ------------------------------------------------------------------------------ files

    @Override
    public UploadedFile uploadFile(Path file) {
        Objects.requireNonNull(file, "file");
        TogetherFileCheck.Report report = TogetherFileCheck.check(file);
        String name = file.getFileName().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purpose", PURPOSE);
        body.put("file_name", name);
        body.put("file_type", "jsonl");
        TogetherHttp.Answer redirect = http.postExpectingRedirect("file upload", "/files", body);
        if (redirect.status() != 302) {
            throw http.errors().shape("file upload", "expected a 302 redirect to storage, got HTTP " + redirect.status());
        }
        String location = redirect.headers().firstValue("Location")
            .orElseThrow(() -> http.errors().shape("file upload", "the redirect has no Location header"));
        String fileId = redirect.headers().firstValue("X-Together-File-Id")
            .orElseThrow(() -> http.errors().shape("file upload", "the redirect has no X-Together-File-Id header"));
        URI target = URI.create(settings.baseUrl() + "/").resolve(location);
        http.putFile("file upload", target, file);
        JsonNode f = http.post("file upload", "/files/" + path(fileId) + "/preprocess", Map.of(), TogetherHttp.Retry.SAFE);
        UploadedFile uploaded = toFile(f, name, report.bytes());
        LOG.info("Uploaded {} to Together AI as {} ({} bytes, {} lines, {} format)", name, uploaded.id(),
            uploaded.bytes(), report.samples(), report.format());
        return uploaded;
    }

    private UploadedFile toFile(JsonNode f, String name, long bytes) {
        String id = TogetherWire.text(f, "id")
            .orElseThrow(() -> http.errors().shape("file upload", "the file has no id"));
        return new UploadedFile(id, TogetherWire.text(f, "filename").orElse(name),
            TogetherWire.number(f, "bytes").orElse(bytes), TogetherWire.text(f, "purpose").orElse(PURPOSE),
            TogetherWire.instant(f.path("created_at")).orElse(Instant.EPOCH));
    }

    // ------------------------------------------------------------------------------ jobs

    @Override
    public FineTuningJob createJob(JobRequest request) {
        Objects.requireNonNull(request, "request");
        JobOptions options = settings.defaults().overriddenBy(request.metadata()).forRequest(request);
        Map<String, String> metadata = userMetadata(request.metadata());
        Optional<String> key = request.idempotencyKey()
            .or(() -> Optional.ofNullable(request.metadata().get(IDEMPOTENCY_METADATA_KEY)));
        String tag = key.map(JobNotes::tag).orElse(null);
        Map<String, Object> body = CreateJobBody.of(request, options, CreateJobBody.suffix(request.suffix().orElse(null), tag));
        if (tag != null) {
            notes.beforeCreate(tag, key.get(), metadata);
        }
        JsonNode created = http.post("fine-tuning job create", "/fine-tunes", body, TogetherHttp.Retry.NEVER);
        FineTuningJob job = toJob(created);
        if (tag != null) {
            notes.created(tag, job.id());
        } else if (!metadata.isEmpty()) {
            notes.createdWithoutKey(job.id(), metadata);
        }
        LOG.info("Created Together AI fine-tuning job {} on {}", job.id(), request.model());
        return job;
    }

    private static Map<String, String> userMetadata(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (!k.startsWith(JobOptions.METADATA_PREFIX) && !k.equals(IDEMPOTENCY_METADATA_KEY)) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Override
    public FineTuningJob retrieveJob(String jobId) {
        requireId("jobId", jobId);
        return toJob(http.get("fine-tuning job retrieve", "/fine-tunes/" + path(jobId)));
    }

    @Override
    public List<FineTuningJob> listJobs(int limit, String after) {
        requireLimit(limit);
        List<FineTuningJob> jobs = new ArrayList<>();
        for (JsonNode j : page(allJobs(), n -> TogetherWire.text(n, "id").orElse(""), after, limit)) {
            jobs.add(toJob(j, false));
        }
        return jobs;
    }

    /**
     * Every job, newest first. Together answers them all at once, in an order it does not
     * document: sorted here by {@code created_at}, and jobs created at the same instant keep the
     * answer's order read oldest first.
     */
    private List<JsonNode> allJobs() {
        return TogetherWire.newestFirst(TogetherWire.items(http.get("fine-tuning job list", "/fine-tunes")));
    }

    private static <T> List<T> page(List<T> newestFirst, java.util.function.Function<T, String> id, String after, int limit) {
        int start = 0;
        if (after != null) {
            int i = 0;
            while (i < newestFirst.size() && !id.apply(newestFirst.get(i)).equals(after)) {
                i++;
            }
            if (i == newestFirst.size()) {
                throw new InvalidInputException("after", "no such id in the list: " + after);
            }
            start = i + 1;
        }
        return newestFirst.subList(start, Math.min(newestFirst.size(), start + limit));
    }

    @Override
    public FineTuningJob cancelJob(String jobId) {
        requireId("jobId", jobId);
        FineTuningJob job = toJob(http.post("fine-tuning job cancel", "/fine-tunes/" + path(jobId) + "/cancel",
            Map.of(), TogetherHttp.Retry.SAFE));
        LOG.info("Cancelled Together AI fine-tuning job {} (status {})", jobId, job.status());
        return job;
    }

    @Override
    public List<JobEvent> listEvents(String jobId, int limit, String after) {
        requireId("jobId", jobId);
        requireLimit(limit);
        return page(allEvents(jobId), JobEvent::id, after, limit);
    }

    /** The job's events, newest first; an event without a {@code hash} gets its position as id. */
    private List<JobEvent> allEvents(String jobId) {
        List<JsonNode> raw = TogetherWire.items(http.get("fine-tuning job events", "/fine-tunes/" + path(jobId) + "/events"));
        Map<JsonNode, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            index.put(raw.get(i), i);
        }
        List<JobEvent> events = new ArrayList<>();
        for (JsonNode e : TogetherWire.newestFirst(raw)) {
            events.add(toEvent(jobId, index.get(e), e));
        }
        return events;
    }

    static JobEvent toEvent(String jobId, int index, JsonNode e) {
        String level = TogetherWire.text(e, "level").map(l -> l.toLowerCase(Locale.ROOT).replace("legacy_i", ""))
            .orElse("info");
        long step = TogetherWire.number(e, "step").orElse(0L);
        long total = TogetherWire.number(e, "total_steps").orElse(0L);
        Optional<JobMetrics> metrics = step > 0 && total > 0
            ? Optional.of(new JobMetrics(step, total, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN))
            : Optional.empty();
        return new JobEvent(
            TogetherWire.text(e, "hash").orElse(jobId + "-event-" + index),
            TogetherWire.instant(e.path("created_at")).orElse(Instant.EPOCH),
            level,
            TogetherWire.text(e, "message").orElse(""),
            TogetherWire.text(e, "type").map(t -> t.toLowerCase(Locale.ROOT)).orElse("message"),
            metrics);
    }

    @Override
    public List<Checkpoint> listCheckpoints(String jobId, int limit) {
        requireId("jobId", jobId);
        requireLimit(limit);
        List<Checkpoint> out = new ArrayList<>();
        for (JsonNode c : TogetherWire.items(http.get("fine-tuning checkpoints", "/fine-tunes/" + path(jobId) + "/checkpoints"))) {
            long step = TogetherWire.number(c, "step").orElse(0L);
            String model = TogetherWire.text(c, "object_name").or(() -> TogetherWire.text(c, "path"))
                .orElse(jobId + ":" + step);
            // together-py's from_checkpoint format: {job id}:{step}
            out.add(new Checkpoint(jobId + ":" + step, jobId, model, step,
                TogetherWire.instant(c.path("created_at")).orElse(Instant.EPOCH), Optional.empty()));
        }
        out.sort(Comparator.comparingLong(Checkpoint::step).reversed());
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    @Override
    public Optional<FineTuningJob> findJobByIdempotencyKey(String key) {
        requireId("key", key);
        String tag = JobNotes.tag(key);
        for (JsonNode j : allJobs()) {
            String suffix = TogetherWire.text(j, "suffix").orElse(null);
            String output = TogetherWire.text(j, "model_output_name").orElse(null);
            if (tag.equals(JobNotes.findTag(suffix).orElse(null)) || tag.equals(JobNotes.findTag(output).orElse(null))) {
                FineTuningJob job = toJob(j, false);
                notes.created(tag, job.id());
                return Optional.of(job.metadata().containsKey(IDEMPOTENCY_METADATA_KEY) ? job
                    : job.toBuilder().putMetadata(IDEMPOTENCY_METADATA_KEY, key).build());
            }
        }
        return Optional.empty();
    }

    FineTuningJob toJob(JsonNode j) {
        return toJob(j, true);
    }

    /**
     * A job as the SPI shows it. {@code readEvents}: a failed job's error message is its last error
     * event, read with one more request; lists skip it and name the status only.
     */
    FineTuningJob toJob(JsonNode j, boolean readEvents) {
        String id = TogetherWire.text(j, "id").orElseThrow(() -> http.errors().shape("fine-tuning job", "a job has no id"));
        String raw = TogetherWire.text(j, "status").orElse(null);
        JobStatus status = TogetherWire.status(raw);
        Instant created = TogetherWire.instant(j.path("created_at")).orElse(Instant.EPOCH);
        String output = TogetherWire.text(j, "model_output_name").orElse(null);
        FineTuningJob.Builder b = FineTuningJob.builder()
            .id(id)
            .model(TogetherWire.text(j, "model").orElse(""))
            .status(status)
            .createdAt(created)
            .trainingFileId(TogetherWire.text(j, "training_file").orElse(""))
            .validationFileId(TogetherWire.text(j, "validation_file").orElse(null))
            .trainedTokens(TogetherWire.number(j, "token_count").orElse(null))
            .seed(TogetherWire.number(j, "random_seed").orElse(null))
            .hyperparameters(hyperparameters(j));
        if (status.equals(JobStatus.SUCCEEDED)) {
            b.fineTunedModel(output);
        }
        if (status.isTerminal()) {
            // Together has no finished_at: a terminal job's last update is when it finished (inferred).
            b.finishedAt(TogetherWire.instant(j.path("updated_at")).orElse(created));
        }
        if (status.equals(JobStatus.FAILED)) {
            b.error(error(id, raw, j, readEvents));
        }
        notes.find(id, TogetherWire.text(j, "suffix").orElse(null), output).ifPresent(n -> {
            b.metadata(n.metadata());
            if (n.key() != null) {
                b.putMetadata(IDEMPOTENCY_METADATA_KEY, n.key());
            }
        });
        return b.build();
    }

    private Hyperparameters hyperparameters(JsonNode j) {
        Hyperparameters.Builder h = Hyperparameters.builder();
        TogetherWire.number(j, "n_epochs").ifPresent(n -> h.epochs(n.intValue()));
        if (j.path("batch_size").isInt()) {
            h.batchSize(j.path("batch_size").asInt());
        }
        if (j.path("learning_rate").isNumber()) {
            h.learningRateMultiplier(j.path("learning_rate").asDouble() / settings.defaults().learningRate());
        }
        return h.build();
    }

    /**
     * Together reports no error object, only the status and the job's events: the code is the
     * status ({@code error}, {@code user_error}), the message the last error event's.
     */
    private JobError error(String id, String status, JsonNode j, boolean readEvents) {
        List<JsonNode> events = j.path("events").isArray() ? TogetherWire.items(j.path("events"))
            : readEvents ? TogetherWire.items(http.get("fine-tuning job events", "/fine-tunes/" + path(id) + "/events"))
            : List.of();
        String message = "";
        for (JsonNode e : events) {
            String level = TogetherWire.text(e, "level").orElse("").toLowerCase(Locale.ROOT);
            String type = TogetherWire.text(e, "type").orElse("").toLowerCase(Locale.ROOT);
            if (level.endsWith("error") || type.contains("error")) {
                message = TogetherWire.text(e, "message").orElse(message);
            }
        }
        return new JobError(status == null ? "error" : status, message.isEmpty() ? "Together AI reported status " + status
            : message, null);
    }

    // ------------------------------------------------------------------------------ models

    @Override
    public List<ModelInfo> listModels() {
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        for (JsonNode m : TogetherWire.items(http.get("model list", "/models"))) {
            String type = TogetherWire.text(m, "type").orElse("chat");
            if (CHAT_TYPES.contains(type)) {
                ModelInfo info = baseModel(m);
                models.put(info.id(), info);
            }
        }
        for (ModelInfo tuned : fineTunedModels()) {
            models.put(tuned.id(), tuned);
        }
        return List.copyOf(models.values());
    }

    private static ModelInfo baseModel(JsonNode m) {
        return ModelInfo.builder()
            .id(TogetherWire.text(m, "id").orElse(""))
            .ownedBy(TogetherWire.text(m, "organization").orElse(""))
            .createdAt(TogetherWire.instant(m.path("created")).orElse(null))
            .build();
    }

    /** The models of completed jobs, named by {@code model_output_name}, with their base model. */
    private List<ModelInfo> fineTunedModels() {
        List<ModelInfo> out = new ArrayList<>();
        for (JsonNode j : allJobs()) {
            Optional<String> output = TogetherWire.text(j, "model_output_name");
            if (output.isPresent() && TogetherWire.status(TogetherWire.text(j, "status").orElse(null)).equals(JobStatus.SUCCEEDED)) {
                out.add(ModelInfo.builder().id(output.get())
                    .ownedBy(TogetherWire.text(j, "user_id").or(() -> TogetherWire.text(j, "owner_address")).orElse(""))
                    .createdAt(TogetherWire.instant(j.path("updated_at")).orElse(null))
                    .baseModel(TogetherWire.text(j, "model").orElse(null))
                    .build());
            }
        }
        return out;
    }

    @Override
    public ModelInfo retrieveModel(String modelId) {
        requireId("modelId", modelId);
        for (ModelInfo m : listModels()) {
            if (m.id().equals(modelId)) {
                return m;
            }
        }
        throw new NotFoundException("Together AI model retrieve failed: no model '" + modelId
            + "' among the models and completed fine-tuning jobs", "model_not_found", null);
    }

    /** Deletes the fine-tuning job that produced the model ({@code DELETE /fine-tunes/{id}}). */
    @Override
    public void deleteModel(String modelId) {
        requireId("modelId", modelId);
        for (JsonNode j : allJobs()) {
            if (modelId.equals(TogetherWire.text(j, "model_output_name").orElse(null))) {
                String jobId = TogetherWire.text(j, "id").orElseThrow();
                http.delete("model delete", "/fine-tunes/" + path(jobId));
                LOG.info("Deleted Together AI model {} (fine-tuning job {})", modelId, jobId);
                return;
            }
        }
        for (JsonNode m : TogetherWire.items(http.get("model list", "/models"))) {
            if (modelId.equals(TogetherWire.text(m, "id").orElse(null))) {
                throw new PermissionDeniedException("Together AI model delete refused: '" + modelId
                    + "' is a base model, not a fine-tuned one", "model_not_deletable", null);
            }
        }
        throw new NotFoundException("Together AI model delete failed: no fine-tuning job produced '" + modelId + "'",
            "model_not_found", null);
    }

    @Override
    public void close() {
        http.close();
    }

    private static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
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
