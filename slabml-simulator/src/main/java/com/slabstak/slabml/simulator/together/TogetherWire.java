/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.together;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.UploadedFile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.Hyperparameters;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * SPI values as Together's JSON, following together-py's types ({@code finetune_response.py},
 * {@code fine_tuning_list_response.py}, {@code lib/types/fine_tuning.py},
 * {@code fine_tune_event.py}, {@code fine_tuning_list_checkpoints_response.py},
 * {@code file_retrieve_response.py}, {@code model_object.py}).
 */
final class TogetherWire {
    private static final Set<String> METHODS = Set.of("sft", "dpo");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TogetherWire() {
    }

    static Map<String, Object> file(UploadedFile f, String togetherId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", togetherId == null ? f.id() : togetherId);
        m.put("object", "file");
        m.put("bytes", f.bytes());
        m.put("created_at", f.createdAt().getEpochSecond());
        m.put("filename", f.filename());
        m.put("purpose", f.purpose());
        m.put("FileType", "jsonl");
        m.put("LineCount", 0);
        m.put("Processed", true);
        return m;
    }

    /** Together's status of a job: a job that failed on its data is a {@code user_error}. */
    static String status(FineTuningJob j) {
        JobStatus s = j.status();
        if (s.equals(JobStatus.VALIDATING_FILES)) {
            return "pending";
        }
        if (s.equals(JobStatus.QUEUED)) {
            return "queued";
        }
        if (s.equals(JobStatus.RUNNING) || s.equals(JobStatus.PAUSED)) {
            return "running";
        }
        if (s.equals(JobStatus.SUCCEEDED)) {
            return "completed";
        }
        if (s.equals(JobStatus.CANCELLED)) {
            return "cancelled";
        }
        if (s.equals(JobStatus.FAILED)) {
            boolean data = j.error().flatMap(e -> e.paramName()).map(p -> p.endsWith("_file")).orElse(false);
            return data ? "user_error" : "error";
        }
        return s.value();
    }

    static Map<String, Object> job(FineTuningJob j, String id, JsonNode request, String output, String suffix,
                                   String trainingFile, String validationFile, String user, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", status(j));
        m.put("created_at", j.createdAt().toString());
        m.put("updated_at", j.finishedAt().orElse(j.createdAt()).toString());
        m.put("model", j.model());
        m.put("model_output_name", output);
        m.put("training_file", trainingFile);
        m.put("validation_file", validationFile);
        m.put("n_epochs", j.hyperparameters().epochs().isPresent() ? j.hyperparameters().epochs().getAsInt() : null);
        m.put("batch_size", j.hyperparameters().batchSize().isPresent() ? j.hyperparameters().batchSize().getAsInt() : null);
        m.put("suffix", suffix);
        m.put("user_id", user);
        m.put("owner_address", user);
        m.put("token_count", j.trainedTokens().isPresent() ? j.trainedTokens().getAsLong() : null);
        if (request != null) {
            for (String field : new String[] {"learning_rate", "n_evals", "n_checkpoints", "lr_scheduler", "warmup_ratio",
                "max_grad_norm", "weight_decay", "training_method", "wandb_name"}) {
                if (request.has(field)) {
                    m.put(field, JSON.convertValue(request.get(field), Object.class));
                }
            }
            Map<String, Object> lora = new LinkedHashMap<>();
            lora.put("type", "Lora");
            lora.put("lora_r", 8);
            lora.put("lora_alpha", 16);
            lora.put("lora_dropout", 0.0);
            lora.put("lora_trainable_modules", "all-linear");
            m.put("training_type", request.has("training_type")
                ? JSON.convertValue(request.get("training_type"), Object.class) : lora);
        }
        if (full) {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("estimate_available", false);
            progress.put("seconds_remaining", 0);
            m.put("progress", progress);
        }
        return m;
    }

    static Map<String, Object> event(JobEvent e, boolean failedOnData) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "fine-tune-event");
        m.put("created_at", e.createdAt().toString());
        m.put("level", e.level());
        m.put("message", e.message());
        m.put("type", type(e, failedOnData));
        m.put("hash", e.id());
        e.metrics().ifPresent(x -> {
            m.put("step", x.step());
            m.put("total_steps", x.totalSteps());
        });
        return m;
    }

    /** The simulated learner's events under Together's event types. */
    private static String type(JobEvent e, boolean failedOnData) {
        String msg = e.message();
        if (e.level().equals("error")) {
            return failedOnData ? "job_user_error" : "job_error";
        }
        if (e.metrics().isPresent()) {
            return "epoch_complete";
        }
        if (msg.startsWith("Validating")) {
            return "job_pending";
        }
        if (msg.startsWith("Files validated")) {
            return "training_data_download_complete";
        }
        if (msg.startsWith("Fine-tuning job started")) {
            return "training_start";
        }
        if (msg.startsWith("Checkpoint")) {
            return "checkpoint_save";
        }
        if (msg.startsWith("New fine-tuned model")) {
            return "model_upload_complete";
        }
        if (msg.contains("successfully completed")) {
            return "job_complete";
        }
        if (msg.contains("cancelled")) {
            return "cancel_requested";
        }
        return "warning";
    }

    static Map<String, Object> checkpoint(Checkpoint c, String output, String jobId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpoint_type", "Intermediate checkpoint at step " + c.step());
        m.put("created_at", c.createdAt().toString());
        m.put("path", "s3://together-fine-tunes/" + jobId + "/checkpoint-" + c.step());
        m.put("step", c.step());
        m.put("checkpoint", "adapter");
        m.put("object_name", output + "-step-" + c.step());
        return m;
    }

    static Map<String, Object> model(String id, Instant created) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", created.getEpochSecond());
        m.put("type", "chat");
        m.put("display_name", id.substring(id.lastIndexOf('/') + 1));
        m.put("organization", id.contains("/") ? id.substring(0, id.indexOf('/')) : "together");
        m.put("context_length", 8192);
        return m;
    }

    /**
     * The job request of a {@code POST /fine-tunes} body, checked as Together checks it (the model
     * is the caller's to check): training file, epochs, learning rate, batch size, method, suffix.
     */
    static JobRequest.Builder jobRequest(JsonNode body, UnaryOperator<String> fileId) {
        String model = required(body, "model");
        String training = required(body, "training_file");
        if (!body.path("n_epochs").isInt() || body.path("n_epochs").asInt() < 1) {
            throw new InvalidInputException("n_epochs", "must be an integer of at least 1");
        }
        if (!body.path("learning_rate").isNumber() || body.path("learning_rate").asDouble() <= 0) {
            throw new InvalidInputException("learning_rate", "must be a positive number");
        }
        JsonNode batch = body.path("batch_size");
        if (!(batch.isInt() && batch.asInt() > 0) && !"max".equals(batch.asText(null))) {
            throw new InvalidInputException("batch_size", "must be a positive integer or \"max\"");
        }
        String method = body.path("training_method").path("method").asText("sft");
        if (!METHODS.contains(method)) {
            throw new InvalidInputException("training_method", "method must be sft or dpo, was '" + method + "'");
        }
        String suffix = body.path("suffix").isTextual() ? body.path("suffix").asText() : null;
        if (suffix != null && suffix.length() > 40) {
            throw new InvalidInputException("suffix", "at most 40 characters, was " + suffix.length());
        }
        JobRequest.Builder b = JobRequest.builder().model(model).trainingFileId(fileId.apply(training))
            .hyperparameters(Hyperparameters.builder().epochs(body.path("n_epochs").asInt())
                .batchSize(batch.isInt() ? batch.asInt() : null).build());
        if (body.path("validation_file").isTextual() && !body.path("validation_file").asText().isEmpty()) {
            b.validationFileId(fileId.apply(body.path("validation_file").asText()));
        }
        if (body.path("random_seed").isIntegralNumber()) {
            b.seed(body.path("random_seed").asLong());
        }
        return b;
    }

    /** A required, non-blank text field. */
    static String required(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return v.asText();
    }
}
