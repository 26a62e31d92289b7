/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.Arm;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.TrackedJob;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON documents the tables keep in their {@code body} column: the same snake_case fields the
 * file store writes to its JSONL lines, so a record copied from files reads back equal. A sample's
 * body leaves out the fields its row holds as columns. Internal.
 */
final class Codec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private Codec() {
    }

    // ---- samples

    /**
     * The sample's body without the fields its row keeps in columns (id, task, source, and its
     * time unless the time has a fraction finer than the column's microseconds).
     */
    static String writeSample(Sample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("confidence", s.confidence());
        s.createdAt().filter(t -> t.getNano() % 1_000 != 0).ifPresent(t -> m.put("created_at", t.toString()));
        m.put("user_id", s.userId().orElse(null));
        m.put("input", s.input());
        m.put("output", s.output());
        if (!s.correctedFields().isEmpty()) {
            m.put("corrected_fields", s.correctedFields());
        }
        if (!s.original().isEmpty()) {
            m.put("original", s.original());
        }
        return write(m);
    }

    /**
     * Reads a sample from its row: the columns, and the body, whose fields win where it has them
     * (rows written before the columns were left out of the body hold them in both).
     */
    static Sample readSample(SampleColumns row, String json) {
        Fields f = Fields.parse(json, row.where());
        try {
            return Sample.builder()
                .id(f.has("id") ? f.string("id") : row.id())
                .task(TaskName.of(f.has("task") ? f.string("task") : row.task()))
                .source(SampleSource.of(f.has("source") ? f.string("source") : row.source()))
                .confidence(f.has("confidence") ? f.number("confidence").doubleValue() : 1.0)
                .createdAt(f.has("created_at") ? f.instant("created_at") : row.createdAt())
                .userId(f.optionalString("user_id"))
                .input(f.map("input"))
                .output(f.map("output"))
                .correctedFields(f.stringList("corrected_fields"))
                .original(f.map("original"))
                .build();
        } catch (RuntimeException e) {
            throw f.error(e);
        }
    }

    /** The columns of a {@code samples} row, and where it is for errors. */
    record SampleColumns(String id, String task, String source, Instant createdAt, String where) {
    }

    // ---- production records

    static String writeProductionRecord(ProductionRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id().orElse(null));
        m.put("timestamp", r.timestamp().map(Instant::toString).orElse(null));
        m.put("task", r.task().value());
        m.put("model_id", r.modelId());
        m.put("arm", r.arm().value());
        m.put("subject", r.subject().orElse(null));
        if (r.rating().isPresent()) {
            m.put("rating", r.rating().getAsInt());
        }
        if (r.latencyMillis().isPresent()) {
            m.put("latency_ms", r.latencyMillis().getAsLong());
        }
        r.usage().ifPresent(u -> {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("prompt_tokens", u.promptTokens());
            usage.put("completion_tokens", u.completionTokens());
            m.put("usage", usage);
        });
        m.put("prediction", r.prediction());
        if (!r.correction().isEmpty()) {
            m.put("correction", r.correction());
        }
        r.correctedFields().ifPresent(f -> m.put("corrected_fields", f));
        return write(m);
    }

    static ProductionRecord readProductionRecord(String json, String where) {
        Fields f = Fields.parse(json, where);
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
                .correctedFields(f.has("corrected_fields") ? f.stringList("corrected_fields") : null)
                .build();
        } catch (RuntimeException e) {
            throw f.error(e);
        }
    }

    // ---- registry

    static String writeEvent(DeploymentEvent e) {
        Deployment d = e.deployment();
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("task", d.task().value());
        dm.put("base_model", d.baseModel());
        dm.put("candidate_model", d.candidateModel().orElse(null));
        dm.put("rollout_percent", d.rolloutPercent());
        dm.put("updated_at", d.updatedAt().map(Instant::toString).orElse(null));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toString());
        m.put("action", e.action());
        m.put("deployment", dm);
        m.put("previous_percent", e.previousPercent());
        m.put("reason", e.reason());
        if (!e.details().isEmpty()) {
            m.put("details", e.details());
        }
        return write(m);
    }

    static DeploymentEvent readEvent(String json, String where) {
        Fields f = Fields.parse(json, where);
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

    static String writeVersion(ModelVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", v.task().value());
        m.put("model_id", v.modelId());
        m.put("base_model", v.baseModel());
        m.put("job_id", v.jobId().orElse(null));
        m.put("training_file", v.trainingFile().orElse(null));
        m.put("created_at", v.createdAt().toString());
        m.put("metrics", v.metrics());
        return write(m);
    }

    static ModelVersion readVersion(String json, String where) {
        Fields f = Fields.parse(json, where);
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

    static String writeJob(TrackedJob j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("idempotency_key", j.idempotencyKey());
        m.put("job_id", j.jobId().orElse(null));
        m.put("model", j.model());
        m.put("training_file_id", j.trainingFileId());
        m.put("task", j.task().map(TaskName::value).orElse(null));
        m.put("status", j.status().map(JobStatus::value).orElse(null));
        m.put("fine_tuned_model", j.fineTunedModel().orElse(null));
        m.put("created_at", j.createdAt().toString());
        m.put("updated_at", j.updatedAt().toString());
        return write(m);
    }

    static TrackedJob readJob(String json, String where) {
        Fields f = Fields.parse(json, where);
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

    // ---- checks and helpers

    /**
     * Checks that {@code value} can be written as JSON, naming the path at fault.
     *
     * @throws InvalidInputException for an unsupported type, a non-finite number or a null key
     */
    static void check(String path, Object value) {
        if (value == null || value instanceof CharSequence || value instanceof Boolean || value instanceof Integer
            || value instanceof Long || value instanceof Short || value instanceof Byte || value instanceof BigInteger
            || value instanceof BigDecimal || value instanceof Enum || value instanceof TemporalAccessor
            || value instanceof UUID) {
            return;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new InvalidInputException(path, "must be a finite number, was " + d);
            }
            return;
        }
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (e.getKey() == null) {
                    throw new InvalidInputException(path, "has a null key");
                }
                check(path + "." + e.getKey(), e.getValue());
            }
            return;
        }
        if (value instanceof Collection) {
            int i = 0;
            for (Object o : (Collection<?>) value) {
                check(path + "[" + i++ + "]", o);
            }
            return;
        }
        throw new InvalidInputException(path, "cannot be stored as JSON: unsupported type "
            + value.getClass().getName() + " (use strings, numbers, booleans, lists and maps)");
    }

    private static String write(Map<String, Object> document) {
        document.values().removeIf(v -> v == null);
        try {
            return MAPPER.writeValueAsString(plain(document));
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode a record as JSON: " + e.getOriginalMessage(), e,
                StoreException.Outcome.NOT_WRITTEN);
        }
    }

    /**
     * Turns the few non-JSON types {@link #check} accepts into text. A map or list that holds none
     * of them (the usual case) is returned as it is, not copied.
     */
    private static Object plain(Object value) {
        if (isPlain(value)) {
            return value;
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                copy.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return copy;
        }
        if (value instanceof Collection) {
            List<Object> copy = new ArrayList<>();
            for (Object o : (Collection<?>) value) {
                copy.add(plain(o));
            }
            return copy;
        }
        if (value instanceof CharSequence || value instanceof Enum || value instanceof TemporalAccessor
            || value instanceof UUID) {
            return value.toString();
        }
        return value;
    }

    /** Whether Jackson writes {@code value} as {@link #plain} would make it: string keys, JSON values. */
    private static boolean isPlain(Object value) {
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!(e.getKey() instanceof String) || !isPlain(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Collection) {
            for (Object o : (Collection<?>) value) {
                if (!isPlain(o)) {
                    return false;
                }
            }
            return true;
        }
        return value == null || value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    /** Floating-point numbers read as the shortest double that prints the same, else as BigDecimal. */
    private static Object normalise(Object value) {
        if (value instanceof BigDecimal) {
            BigDecimal bd = (BigDecimal) value;
            double d = bd.doubleValue();
            return Double.isFinite(d) && Double.toString(d).equals(bd.toString()) ? (Object) d : bd;
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                copy.put(String.valueOf(e.getKey()), normalise(e.getValue()));
            }
            return copy;
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            Object[] copy = new Object[list.size()];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = normalise(list.get(i));
            }
            return Arrays.asList(copy);
        }
        return value;
    }

    /** The fields of one stored document, with errors that name the table and row. */
    private static final class Fields {
        private final Map<String, Object> map;
        private final String where;

        private Fields(Map<String, Object> map, String where) {
            this.map = map;
            this.where = where;
        }

        static Fields parse(String json, String where) {
            try {
                Map<String, Object> map = MAPPER.readValue(json, MAP);
                if (map == null) {
                    throw new StoreException(where + ": not a JSON object");
                }
                return new Fields(map, where);
            } catch (JsonProcessingException e) {
                throw new StoreException(where + ": not a JSON object: " + e.getOriginalMessage(), e);
            }
        }

        boolean has(String name) {
            return map.get(name) != null;
        }

        String string(String name) {
            Object v = map.get(name);
            if (!(v instanceof String)) {
                throw new IllegalArgumentException("field '" + name + "' is " + (v == null ? "missing" : "not a string"));
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
            return Instant.parse(string(name));
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
            return (Map<String, Object>) normalise(v);
        }

        @SuppressWarnings("unchecked")
        Fields object(String name) {
            Object v = map.get(name);
            if (!(v instanceof Map)) {
                throw new IllegalArgumentException("field '" + name + "' is " + (v == null ? "missing" : "not an object"));
            }
            return new Fields((Map<String, Object>) v, where);
        }

        List<String> stringList(String name) {
            Object v = map.get(name);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof Collection)) {
                throw new IllegalArgumentException("field '" + name + "' is not a list");
            }
            List<String> out = new ArrayList<>();
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
            return new StoreException(where + ": " + cause.getMessage(), cause);
        }
    }
}
