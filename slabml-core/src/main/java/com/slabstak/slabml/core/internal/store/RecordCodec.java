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

    static void writeSample(LineBuffer out, Sample s, long seq) {
        writeSampleHead(out, s);
        writeSeqTail(out, seq);
    }

    /**
     * Writes a sample line without its write sequence number and closing brace, which
     * {@link #writeSeqTail} adds where the write order is known (on the writer thread).
     */
    static void writeSampleHead(LineBuffer out, Sample s) {
        out.ascii('{');
        optional(out, "id", s.id().orElse(null));
        out.field("task");
        out.string(s.task().value());
        out.field("source");
        out.string(s.source().value());
        out.field("confidence");
        out.value(s.confidence());
        if (s.createdAt().isPresent()) {
            out.field("created_at");
            out.instant(s.createdAt().get());
        }
        optional(out, "user_id", s.userId().orElse(null));
        out.field("input");
        out.value(s.input());
        out.field("output");
        out.value(s.output());
        if (!s.correctedFields().isEmpty()) {
            out.field("corrected_fields");
            out.value(s.correctedFields());
        }
        if (!s.original().isEmpty()) {
            out.field("original");
            out.value(s.original());
        }
    }

    /** Ends a line begun by {@link #writeSampleHead}: {@code ,"seq":<seq>}}. */
    static void writeSeqTail(LineBuffer out, long seq) {
        out.field("seq");
        out.number(seq);
        out.ascii('}');
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

    static void writeProductionRecord(LineBuffer out, ProductionRecord r) {
        out.ascii('{');
        optional(out, "id", r.id().orElse(null));
        if (r.timestamp().isPresent()) {
            out.field("timestamp");
            out.instant(r.timestamp().get());
        }
        out.field("task");
        out.string(r.task().value());
        out.field("model_id");
        out.string(r.modelId());
        out.field("arm");
        out.string(r.arm().value());
        optional(out, "subject", r.subject().orElse(null));
        if (r.correctedFields().isPresent()) {
            out.field("corrected");
            out.ascii(r.correctedFields().get().isEmpty() ? "false" : "true");
            if (!r.correctedFields().get().isEmpty()) {
                out.field("corrected_fields");
                out.value(r.correctedFields().get());
            }
        }
        if (r.rating().isPresent()) {
            out.field("rating");
            out.number(r.rating().getAsInt());
        }
        if (r.latencyMillis().isPresent()) {
            out.field("latency_ms");
            out.number(r.latencyMillis().getAsLong());
        }
        if (r.usage().isPresent()) {
            out.field("usage");
            out.ascii("{\"prompt_tokens\":").number(r.usage().get().promptTokens())
                .ascii(",\"completion_tokens\":").number(r.usage().get().completionTokens()).ascii('}');
        }
        out.field("prediction");
        out.value(r.prediction());
        if (!r.correction().isEmpty()) {
            out.field("correction");
            out.value(r.correction());
        }
        out.ascii('}');
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
                .correctedFields(f.has("corrected") ? correctedFields(f) : null)
                .build();
        } catch (RuntimeException e) {
            throw f.error(e);
        }
    }

    /** The stored judgement: the corrected fields, empty when {@code corrected} is false. */
    private static List<String> correctedFields(Fields f) {
        Object corrected = f.map.get("corrected");
        if (!(corrected instanceof Boolean)) {
            throw new IllegalArgumentException("field 'corrected' is not a boolean");
        }
        return (Boolean) corrected ? f.stringList("corrected_fields") : List.of();
    }

    // ---- registry

    static void writeEvent(LineBuffer out, DeploymentEvent e) {
        out.ascii('{');
        out.field("at");
        out.string(e.at().toString());
        out.field("action");
        out.string(e.action());
        out.field("deployment");
        Deployment d = e.deployment();
        out.ascii('{');
        out.field("task");
        out.string(d.task().value());
        out.field("base_model");
        out.string(d.baseModel());
        optional(out, "candidate_model", d.candidateModel().orElse(null));
        out.field("rollout_percent");
        out.number(d.rolloutPercent());
        optional(out, "updated_at", d.updatedAt().map(Instant::toString).orElse(null));
        out.ascii('}');
        out.field("previous_percent");
        out.number(e.previousPercent());
        out.field("reason");
        out.string(e.reason());
        if (!e.details().isEmpty()) {
            out.field("details");
            out.value(e.details());
        }
        out.ascii('}');
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

    static void writeVersion(LineBuffer out, ModelVersion v) {
        out.ascii('{');
        out.field("task");
        out.string(v.task().value());
        out.field("model_id");
        out.string(v.modelId());
        out.field("base_model");
        out.string(v.baseModel());
        optional(out, "job_id", v.jobId().orElse(null));
        optional(out, "training_file", v.trainingFile().orElse(null));
        out.field("created_at");
        out.string(v.createdAt().toString());
        out.field("metrics");
        out.value(v.metrics());
        out.ascii('}');
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

    static void writeJob(LineBuffer out, TrackedJob j) {
        out.ascii('{');
        out.field("idempotency_key");
        out.string(j.idempotencyKey());
        optional(out, "job_id", j.jobId().orElse(null));
        out.field("model");
        out.string(j.model());
        out.field("training_file_id");
        out.string(j.trainingFileId());
        optional(out, "task", j.task().map(TaskName::value).orElse(null));
        optional(out, "status", j.status().map(JobStatus::value).orElse(null));
        optional(out, "fine_tuned_model", j.fineTunedModel().orElse(null));
        out.field("created_at");
        out.string(j.createdAt().toString());
        out.field("updated_at");
        out.string(j.updatedAt().toString());
        out.ascii('}');
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

    private static void optional(LineBuffer out, String name, String value) {
        if (value != null) {
            out.field(name);
            out.string(value);
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
