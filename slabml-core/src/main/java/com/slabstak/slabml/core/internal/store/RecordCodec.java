/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.core.internal.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSONL form of the stored values: one JSON object per line, snake_case field names in a fixed
 * order, instants as ISO-8601 UTC text, absent optional fields left out. Reading accepts lines
 * written by hand as long as the required fields are there; an error names the file and the line.
 */
final class RecordCodec {
    private RecordCodec() {
    }

    // ---- samples

    static void writeSample(StringBuilder out, Sample s, long seq) {
        out.append('{');
        optional(out, "id", s.id().orElse(null));
        JsonText.field(out, "task");
        JsonText.string(out, s.task().value());
        JsonText.field(out, "source");
        JsonText.string(out, s.source().value());
        JsonText.field(out, "confidence");
        JsonText.value(out, s.confidence());
        if (s.createdAt().isPresent()) {
            JsonText.field(out, "created_at");
            JsonText.instant(out, s.createdAt().get());
        }
        optional(out, "user_id", s.userId().orElse(null));
        JsonText.field(out, "input");
        JsonText.value(out, s.input());
        JsonText.field(out, "output");
        JsonText.value(out, s.output());
        if (!s.correctedFields().isEmpty()) {
            JsonText.field(out, "corrected_fields");
            JsonText.value(out, s.correctedFields());
        }
        if (!s.original().isEmpty()) {
            JsonText.field(out, "original");
            JsonText.value(out, s.original());
        }
        JsonText.field(out, "seq");
        out.append(seq);
        out.append('}');
    }

    /** A decoded sample and the write sequence number it was stored with (0 if none). */
    record SampleLine(Sample sample, long seq) {
    }

    static SampleLine readSample(String line, String file, long lineNumber) {
        Fields f = Fields.parse(line, file, lineNumber);
        try {
            Sample s = Sample.builder()
                .id(f.optionalString("id"))
                .task(TaskName.of(f.string("task")))
                .source(SampleSource.of(f.string("source")))
                .confidence(f.has("confidence") ? f.number("confidence").doubleValue() : 1.0)
                .createdAt(f.optionalInstant("created_at"))
                .userId(f.optionalString("user_id"))
                .input(f.map("input"))
                .output(f.map("output"))
                .correctedFields(f.stringList("corrected_fields"))
                .original(f.map("original"))
                .build();
            return new SampleLine(s, f.has("seq") ? f.number("seq").longValue() : 0L);
        } catch (RuntimeException e) {
            throw f.error(e);
        }
    }

    /** Returns the task of a stored sample line without building the sample. */
    static String sampleTask(String line, String file, long lineNumber) {
        return Fields.parse(line, file, lineNumber).string("task");
    }

    // ---- production records

    static void writeProductionRecord(StringBuilder out, ProductionRecord r) {
        out.append('{');
        optional(out, "id", r.id().orElse(null));
        if (r.timestamp().isPresent()) {
            JsonText.field(out, "timestamp");
            JsonText.instant(out, r.timestamp().get());
        }
        JsonText.field(out, "task");
        JsonText.string(out, r.task().value());
        JsonText.field(out, "model_id");
        JsonText.string(out, r.modelId());
        JsonText.field(out, "arm");
        JsonText.string(out, r.arm().value());
        optional(out, "subject", r.subject().orElse(null));
        if (r.rating().isPresent()) {
            JsonText.field(out, "rating");
            out.append(r.rating().getAsInt());
        }
        if (r.latencyMillis().isPresent()) {
            JsonText.field(out, "latency_ms");
            out.append(r.latencyMillis().getAsLong());
        }
        if (r.usage().isPresent()) {
            JsonText.field(out, "usage");
            out.append("{\"prompt_tokens\":").append(r.usage().get().promptTokens())
                .append(",\"completion_tokens\":").append(r.usage().get().completionTokens()).append('}');
        }
        JsonText.field(out, "prediction");
        JsonText.value(out, r.prediction());
        if (!r.correction().isEmpty()) {
            JsonText.field(out, "correction");
            JsonText.value(out, r.correction());
        }
        out.append('}');
    }

    static ProductionRecord readProductionRecord(String line, String file, long lineNumber) {
        Fields f = Fields.parse(line, file, lineNumber);
        try {
            Map<String, Object> usage = f.map("usage");
            return ProductionRecord.builder()
                .id(f.optionalString("id"))
                .timestamp(f.optionalInstant("timestamp"))
                .task(TaskName.of(f.string("task")))
                .modelId(f.string("model_id"))
                .arm(Arm.valueOf(f.string("arm").toUpperCase(Locale.ROOT)))
                .subject(f.optionalString("subject"))
                .rating(f.has("rating") ? f.number("rating").intValue() : null)
                .latencyMillis(f.has("latency_ms") ? f.number("latency_ms").longValue() : null)
                .usage(usage.isEmpty() ? null : new TokenUsage(
                    ((Number) usage.getOrDefault("prompt_tokens", 0)).longValue(),
                    ((Number) usage.getOrDefault("completion_tokens", 0)).longValue()))
                .prediction(f.map("prediction"))
                .correction(f.map("correction"))
                .build();
        } catch (RuntimeException e) {
            throw f.error(e);
        }
    }

    // ---- registry

    static void writeEvent(StringBuilder out, DeploymentEvent e) {
        out.append('{');
        JsonText.field(out, "at");
        JsonText.string(out, e.at().toString());
        JsonText.field(out, "action");
        JsonText.string(out, e.action());
        JsonText.field(out, "deployment");
        Deployment d = e.deployment();
        out.append('{');
        JsonText.field(out, "task");
        JsonText.string(out, d.task().value());
        JsonText.field(out, "base_model");
        JsonText.string(out, d.baseModel());
        optional(out, "candidate_model", d.candidateModel().orElse(null));
        JsonText.field(out, "rollout_percent");
        out.append(d.rolloutPercent());
        optional(out, "updated_at", d.updatedAt().map(Instant::toString).orElse(null));
        out.append('}');
        JsonText.field(out, "previous_percent");
        out.append(e.previousPercent());
        JsonText.field(out, "reason");
        JsonText.string(out, e.reason());
        if (!e.details().isEmpty()) {
            JsonText.field(out, "details");
            JsonText.value(out, e.details());
        }
        out.append('}');
    }

    static DeploymentEvent readEvent(String line, String file, long lineNumber) {
        Fields f = Fields.parse(line, file, lineNumber);
        try {
            Fields d = f.object("deployment");
            return DeploymentEvent.builder()
                .at(f.instant("at"))
                .action(f.string("action"))
                .deployment(Deployment.builder()
                    .task(TaskName.of(d.string("task")))
                    .baseModel(d.string("base_model"))
                    .candidateModel(d.optionalString("candidate_model"))
                    .rolloutPercent(d.number("rollout_percent").intValue())
                    .updatedAt(d.optionalInstant("updated_at"))
                    .build())
                .previousPercent(f.has("previous_percent") ? f.number("previous_percent").intValue() : 0)
                .reason(f.has("reason") ? f.string("reason") : "")
                .details(f.map("details"))
                .build();
        } catch (RuntimeException e) {
            throw f.error(e);
        }
    }

    static void writeVersion(StringBuilder out, ModelVersion v) {
        out.append('{');
        JsonText.field(out, "task");
        JsonText.string(out, v.task().value());
        JsonText.field(out, "model_id");
        JsonText.string(out, v.modelId());
        JsonText.field(out, "base_model");
        JsonText.string(out, v.baseModel());
        optional(out, "job_id", v.jobId().orElse(null));
        optional(out, "training_file", v.trainingFile().orElse(null));
        JsonText.field(out, "created_at");
        JsonText.string(out, v.createdAt().toString());
        JsonText.field(out, "metrics");
        JsonText.value(out, v.metrics());
        out.append('}');
    }

    static ModelVersion readVersion(String line, String file, long lineNumber) {
        Fields f = Fields.parse(line, file, lineNumber);
        try {
            ModelVersion.Builder b = ModelVersion.builder()
                .task(TaskName.of(f.string("task")))
                .modelId(f.string("model_id"))
                .baseModel(f.string("base_model"))
                .jobId(f.optionalString("job_id"))
                .trainingFile(f.optionalString("training_file"))
                .createdAt(f.instant("created_at"));
            for (Map.Entry<String, Object> m : f.map("metrics").entrySet()) {
                if (!(m.getValue() instanceof Number)) {
                    throw new IllegalArgumentException("metrics." + m.getKey() + " is not a number");
                }
                b.putMetric(m.getKey(), ((Number) m.getValue()).doubleValue());
            }
            return b.build();
        } catch (RuntimeException e) {
            throw f.error(e);
        }
    }

    // ---- jobs

    static void writeJob(StringBuilder out, TrackedJob j) {
        out.append('{');
        JsonText.field(out, "idempotency_key");
        JsonText.string(out, j.idempotencyKey());
        optional(out, "job_id", j.jobId().orElse(null));
        JsonText.field(out, "model");
        JsonText.string(out, j.model());
        JsonText.field(out, "training_file_id");
        JsonText.string(out, j.trainingFileId());
        optional(out, "task", j.task().map(TaskName::value).orElse(null));
        optional(out, "status", j.status().map(JobStatus::value).orElse(null));
        optional(out, "fine_tuned_model", j.fineTunedModel().orElse(null));
        JsonText.field(out, "created_at");
        JsonText.string(out, j.createdAt().toString());
        JsonText.field(out, "updated_at");
        JsonText.string(out, j.updatedAt().toString());
        out.append('}');
    }

    static TrackedJob readJob(String line, String file, long lineNumber) {
        Fields f = Fields.parse(line, file, lineNumber);
        try {
            String task = f.optionalString("task");
            String status = f.optionalString("status");
            return TrackedJob.builder()
                .idempotencyKey(f.string("idempotency_key"))
                .jobId(f.optionalString("job_id"))
                .model(f.string("model"))
                .trainingFileId(f.string("training_file_id"))
                .task(task == null ? null : TaskName.of(task))
                .status(status == null ? null : JobStatus.of(status))
                .fineTunedModel(f.optionalString("fine_tuned_model"))
                .createdAt(f.instant("created_at"))
                .updatedAt(f.instant("updated_at"))
                .build();
        } catch (RuntimeException e) {
            throw f.error(e);
        }
    }

    // ---- helpers

    private static void optional(StringBuilder out, String name, String value) {
        if (value != null) {
            JsonText.field(out, name);
            JsonText.string(out, value);
        }
    }

    /** The fields of one parsed line, with errors that name the file and line. */
    static final class Fields {
        private final Map<String, Object> map;
        private final String file;
        private final long line;

        private Fields(Map<String, Object> map, String file, long line) {
            this.map = map;
            this.file = file;
            this.line = line;
        }

        static Fields parse(String text, String file, long line) {
            Map<String, Object> map;
            try {
                map = Json.readObject(text);
            } catch (IllegalArgumentException e) {
                throw new StoreException(file + " line " + line + ": not a JSON object: " + e.getMessage(), e);
            }
            return new Fields(map, file, line);
        }

        boolean has(String name) {
            return map.get(name) != null;
        }

        String string(String name) {
            Object v = map.get(name);
            if (v == null) {
                throw new IllegalArgumentException("missing field '" + name + "'");
            }
            if (!(v instanceof String)) {
                throw new IllegalArgumentException("field '" + name + "' is not a string");
            }
            return (String) v;
        }

        String optionalString(String name) {
            return has(name) ? string(name) : null;
        }

        Number number(String name) {
            Object v = map.get(name);
            if (!(v instanceof Number)) {
                throw new IllegalArgumentException("field '" + name + "' is " + (v == null ? "missing" : "not a number"));
            }
            return (Number) v;
        }

        Instant instant(String name) {
            try {
                return Instant.parse(string(name));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("field '" + name + "' is not an ISO-8601 instant", e);
            }
        }

        Instant optionalInstant(String name) {
            return has(name) ? instant(name) : null;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(String name) {
            Object v = map.get(name);
            if (v == null) {
                return Map.of();
            }
            if (!(v instanceof Map)) {
                throw new IllegalArgumentException("field '" + name + "' is not an object");
            }
            return (Map<String, Object>) JsonText.normalise(v);
        }

        Fields object(String name) {
            Object v = map.get(name);
            if (!(v instanceof Map)) {
                throw new IllegalArgumentException("field '" + name + "' is " + (v == null ? "missing" : "not an object"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            return new Fields(m, file, line);
        }

        List<String> stringList(String name) {
            Object v = map.get(name);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof Collection)) {
                throw new IllegalArgumentException("field '" + name + "' is not a list");
            }
            List<String> out = new java.util.ArrayList<>();
            for (Object o : (Collection<?>) v) {
                if (!(o instanceof String)) {
                    throw new IllegalArgumentException("field '" + name + "' holds a non-string");
                }
                out.add((String) o);
            }
            return out;
        }

        StoreException error(RuntimeException cause) {
            if (cause instanceof StoreException) {
                return (StoreException) cause;
            }
            return new StoreException(file + " line " + line + ": " + cause.getMessage(), cause);
        }
    }
}
