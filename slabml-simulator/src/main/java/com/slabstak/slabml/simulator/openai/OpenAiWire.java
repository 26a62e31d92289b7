/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JsonSchema;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.TrainingMethod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SPI values to and from OpenAI's REST shapes (openapi.yaml), as plain maps and lists. */
final class OpenAiWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ORGANIZATION = "org-slabml-fake";

    private OpenAiWire() {
    }

    static Map<String, Object> file(UploadedFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("object", "file");
        m.put("bytes", f.bytes());
        m.put("created_at", f.createdAt().getEpochSecond());
        m.put("filename", f.filename());
        m.put("purpose", f.purpose());
        m.put("status", "processed");
        return m;
    }

    /**
     * A fine-tuning job. {@code emptyError} writes {@code "error": {}} for jobs that did not fail, as
     * OpenAI does for some jobs; {@code statusOverride} replaces the status.
     */
    static Map<String, Object> job(FineTuningJob j, boolean emptyError, String statusOverride) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "fine_tuning.job");
        m.put("id", j.id());
        m.put("model", j.model());
        m.put("created_at", j.createdAt().getEpochSecond());
        m.put("finished_at", j.finishedAt().map(Instant::getEpochSecond).orElse(null));
        m.put("fine_tuned_model", j.fineTunedModel().orElse(null));
        m.put("organization_id", ORGANIZATION);
        m.put("result_files", List.of());
        m.put("status", statusOverride != null ? statusOverride : j.status().value());
        m.put("validation_file", j.validationFileId().orElse(null));
        m.put("training_file", j.trainingFileId());
        m.put("hyperparameters", hyperparameters(j.hyperparameters()));
        m.put("trained_tokens", j.trainedTokens().isPresent() ? j.trainedTokens().getAsLong() : null);
        m.put("integrations", List.of());
        m.put("seed", j.seed().isPresent() ? j.seed().getAsLong() : 0L);
        m.put("estimated_finish", j.estimatedFinish().map(Instant::getEpochSecond).orElse(null));
        boolean dpo = j.method().equals(TrainingMethod.PREFERENCE);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("hyperparameters", hyperparameters(j.hyperparameters()));
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("type", dpo ? "dpo" : "supervised");
        method.put(dpo ? "dpo" : "supervised", settings);
        m.put("method", method);
        m.put("metadata", j.metadata().isEmpty() ? null : new LinkedHashMap<>(j.metadata()));
        if (j.error().isPresent()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", j.error().get().code());
            e.put("message", j.error().get().message());
            e.put("param", j.error().get().param());
            m.put("error", e);
        } else {
            m.put("error", emptyError ? new LinkedHashMap<>() : null);
        }
        return m;
    }

    static Map<String, Object> hyperparameters(Hyperparameters h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_epochs", h.epochs().isPresent() ? (Object) h.epochs().getAsInt() : "auto");
        m.put("batch_size", h.batchSize().isPresent() ? (Object) h.batchSize().getAsInt() : "auto");
        m.put("learning_rate_multiplier",
            h.learningRateMultiplier().isPresent() ? (Object) h.learningRateMultiplier().getAsDouble() : "auto");
        if (h.beta().isPresent()) {
            m.put("beta", h.beta().getAsDouble());
        }
        return m;
    }

    static Map<String, Object> event(JobEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "fine_tuning.job.event");
        m.put("id", e.id());
        m.put("created_at", e.createdAt().getEpochSecond());
        m.put("level", e.level());
        m.put("message", e.message());
        m.put("type", e.type());
        Map<String, Object> data = new LinkedHashMap<>();
        e.metrics().ifPresent(x -> {
            data.put("step", x.step());
            data.put("total_steps", x.totalSteps());
            putFinite(data, "train_loss", x.trainLoss());
            putFinite(data, "valid_loss", x.validLoss());
            putFinite(data, "full_valid_loss", x.fullValidLoss());
            putFinite(data, "train_mean_token_accuracy", x.trainMeanTokenAccuracy());
            putFinite(data, "valid_mean_token_accuracy", x.validMeanTokenAccuracy());
        });
        m.put("data", data);
        return m;
    }

    static Map<String, Object> checkpoint(Checkpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "fine_tuning.job.checkpoint");
        m.put("id", c.id());
        m.put("created_at", c.createdAt().getEpochSecond());
        m.put("fine_tuned_model_checkpoint", c.model());
        m.put("fine_tuning_job_id", c.jobId());
        m.put("step_number", c.step());
        Map<String, Object> metrics = new LinkedHashMap<>();
        c.metrics().ifPresent(x -> {
            metrics.put("step", (double) x.step());
            putFinite(metrics, "train_loss", x.trainLoss());
            putFinite(metrics, "train_mean_token_accuracy", x.trainMeanTokenAccuracy());
            putFinite(metrics, "valid_loss", x.validLoss());
            putFinite(metrics, "valid_mean_token_accuracy", x.validMeanTokenAccuracy());
            putFinite(metrics, "full_valid_loss", x.fullValidLoss());
        });
        m.put("metrics", metrics);
        return m;
    }

    static Map<String, Object> model(ModelInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", info.id());
        m.put("object", "model");
        m.put("created", info.createdAt().map(Instant::getEpochSecond).orElse(0L));
        m.put("owned_by", info.ownedBy());
        m.put("shutdown_date", info.shutdownDate().map(Object::toString).orElse(null));
        return m;
    }

    static Map<String, Object> list(List<Map<String, Object>> data, Boolean hasMore) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "list");
        m.put("data", data);
        if (hasMore != null) {
            m.put("has_more", hasMore);
        }
        return m;
    }

    static Map<String, Object> chatCompletion(String id, ChatResponse r, Instant created) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", r.text());
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", r.finishReason().orElse("stop"));
        choice.put("logprobs", null);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", r.usage().promptTokens());
        usage.put("completion_tokens", r.usage().completionTokens());
        usage.put("total_tokens", r.usage().totalTokens());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "chat.completion");
        m.put("created", created.getEpochSecond());
        m.put("model", r.model());
        m.put("choices", List.of(choice));
        m.put("usage", usage);
        return m;
    }

    static Map<String, Object> error(String message, String type, String param, String code) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", e);
        return m;
    }

    // ---- requests ----

    static JobRequest jobRequest(Map<String, Object> body) {
        JobRequest.Builder b = JobRequest.builder()
            .model(requireString(body, "model"))
            .trainingFileId(requireString(body, "training_file"));
        if (body.get("validation_file") instanceof String) {
            b.validationFileId((String) body.get("validation_file"));
        }
        if (body.get("suffix") instanceof String) {
            b.suffix((String) body.get("suffix"));
        }
        if (body.get("seed") instanceof Number) {
            b.seed(((Number) body.get("seed")).longValue());
        }
        Object hp = body.get("hyperparameters");
        Object method = body.get("method");
        if (method instanceof Map) {
            // method.type is supervised or dpo, with its settings under the key of the same name
            Object type = ((Map<?, ?>) method).get("type");
            if ("dpo".equals(type)) {
                b.method(TrainingMethod.PREFERENCE);
            } else if (type != null && !"supervised".equals(type)) {
                throw new InvalidInputException("method.type", "'" + type + "' is not supported; use supervised or dpo");
            }
            Object settings = ((Map<?, ?>) method).get("dpo".equals(type) ? "dpo" : "supervised");
            if (settings instanceof Map) {
                hp = ((Map<?, ?>) settings).get("hyperparameters");
            }
        }
        if (hp instanceof Map) {
            Map<?, ?> h = (Map<?, ?>) hp;
            Hyperparameters.Builder hb = Hyperparameters.builder();
            if (h.get("n_epochs") instanceof Number) {
                hb.epochs(((Number) h.get("n_epochs")).intValue());
            }
            if (h.get("batch_size") instanceof Number) {
                hb.batchSize(((Number) h.get("batch_size")).intValue());
            }
            if (h.get("learning_rate_multiplier") instanceof Number) {
                hb.learningRateMultiplier(((Number) h.get("learning_rate_multiplier")).doubleValue());
            }
            if (h.get("beta") instanceof Number) {
                double beta = ((Number) h.get("beta")).doubleValue();
                if (!(beta > 0 && beta <= 2)) {
                    throw new InvalidInputException("method.dpo.hyperparameters.beta",
                        "must be auto or above 0 and at most 2, was " + beta);
                }
                hb.beta(beta);
            }
            b.hyperparameters(hb.build());
        }
        Object metadata = body.get("metadata");
        if (metadata instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) metadata).entrySet()) {
                String key = String.valueOf(e.getKey());
                String value = String.valueOf(e.getValue());
                if (key.equals(com.slabstak.slabml.spi.FineTuningBackend.IDEMPOTENCY_METADATA_KEY)) {
                    b.idempotencyKey(value);
                } else {
                    b.putMetadata(key, value);
                }
            }
        }
        return b.build();
    }

    static ChatRequest chatRequest(Map<String, Object> body, String deployment) {
        String model = body.get("model") instanceof String ? (String) body.get("model") : deployment;
        if (model == null) {
            throw new InvalidInputException("model", "is required");
        }
        ChatRequest.Builder b = ChatRequest.builder().model(model);
        Object messages = body.get("messages");
        if (!(messages instanceof List)) {
            throw new InvalidInputException("messages", "is required");
        }
        for (Object o : (List<?>) messages) {
            if (!(o instanceof Map)) {
                throw new InvalidInputException("messages", "each message must be an object");
            }
            Map<?, ?> msg = (Map<?, ?>) o;
            b.addMessage(new ChatMessage(String.valueOf(msg.get("role")), content(msg.get("content"))));
        }
        if (body.get("temperature") instanceof Number) {
            b.temperature(((Number) body.get("temperature")).doubleValue());
        }
        Object max = body.containsKey("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        if (max instanceof Number) {
            b.maxTokens(((Number) max).intValue());
        }
        Object format = body.get("response_format");
        if (format instanceof Map && "json_schema".equals(((Map<?, ?>) format).get("type"))) {
            Object js = ((Map<?, ?>) format).get("json_schema");
            if (js instanceof Map) {
                Map<?, ?> schema = (Map<?, ?>) js;
                b.responseSchema(new JsonSchema(String.valueOf(schema.get("name")),
                    writeJson(schema.get("schema") == null ? Map.of() : schema.get("schema")),
                    Boolean.TRUE.equals(schema.get("strict"))));
            }
        }
        return b.build();
    }

    private static String content(Object content) {
        if (content instanceof String) {
            return (String) content;
        }
        if (content instanceof List) {
            StringBuilder sb = new StringBuilder();
            for (Object part : (List<?>) content) {
                if (part instanceof Map && ((Map<?, ?>) part).get("text") instanceof String) {
                    sb.append((String) ((Map<?, ?>) part).get("text"));
                }
            }
            return sb.toString();
        }
        return "";
    }

    private static String requireString(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (!(v instanceof String) || ((String) v).isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return (String) v;
    }

    private static void putFinite(Map<String, Object> m, String key, double v) {
        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
            m.put(key, v);
        }
    }

    /** The error type OpenAI gives a status. */
    static String errorType(int status) {
        if (status == 429) {
            return "requests";
        }
        if (status == 408) {
            return "timeout";
        }
        if (status >= 500) {
            return "server_error";
        }
        return "invalid_request_error";
    }

    static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
