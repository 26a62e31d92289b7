/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.DatasetStats;
import com.slabstak.slabml.Diversity;
import com.slabstak.slabml.ExportFormat;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.spi.TrainingMethod;
import com.slabstak.slabml.Readiness;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spi.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The dataset verbs: collect, stats, export, validate, estimate. They need no OpenAI key. */
final class DataVerbs {
    private DataVerbs() {
    }

    /** A verb that does not call the fine-tuning provider, so it runs without the provider's credentials. */
    abstract static class LocalVerb extends Verb {
        @Override
        final boolean needsProvider() {
            return false;
        }
    }

    /** Reads a JSONL file of JSON objects; a bad line fails with its number, before anything is used. */
    static List<Map<String, Object>> readJsonLines(Path file) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonLines.Row row : JsonLines.read(file, Progress.NONE)) {
            rows.add(row.value());
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> row, String key, long line) {
        Object v = row.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw new InvalidInputException(key, line, "must be a JSON object", null);
        }
        return (Map<String, Object>) v;
    }

    /** One sample from a JSONL line in the store's own shape (task, source, input, output, ...). */
    static Sample sample(Map<String, Object> row, long line, SlabMl ml) {
        try {
            Object taskName = row.get("task");
            if (!(taskName instanceof String)) {
                throw new InvalidInputException("task", line, "is required", null);
            }
            Task task = ml.task(TaskName.of((String) taskName));
            Sample.Builder b = Sample.builder().task(task.name())
                .source(SampleSource.of(String.valueOf(row.getOrDefault("source", "manual"))))
                .input(object(row, "input", line))
                .output(object(row, "output", line))
                .original(object(row, "original", line));
            if (row.get("confidence") instanceof Number) {
                b.confidence(((Number) row.get("confidence")).doubleValue());
            }
            if (row.get("id") instanceof String) {
                b.id((String) row.get("id"));
            }
            if (row.get("user_id") instanceof String) {
                b.userId((String) row.get("user_id"));
            }
            if (row.get("created_at") instanceof String) {
                b.createdAt(Instant.parse((String) row.get("created_at")));
            }
            if (row.get("corrected_fields") instanceof List) {
                for (Object f : (List<?>) row.get("corrected_fields")) {
                    b.addCorrectedField(String.valueOf(f));
                }
            }
            Sample s = b.build();
            task.validateInput(s.input());
            task.validateOutput(s.output());
            return s;
        } catch (InvalidInputException e) {
            if (e.line().isPresent()) {
                throw e;
            }
            throw new InvalidInputException(e.field().orElse("sample"), line, unprefixed(e), e);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new InvalidInputException("sample", line, e.getMessage(), e);
        }
    }

    /** The message of an exception without the field prefix its constructor added. */
    private static String unprefixed(InvalidInputException e) {
        String m = e.getMessage();
        String prefix = e.field().map(f -> f + ": ").orElse("");
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    @Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Load samples from a JSONL file into the sample store.",
            "One sample per line:",
            "{\"task\":\"card_identification\",\"source\":\"validated|correction|manual\",\"input\":{...},"
                + "\"output\":{...},\"confidence\":0.9,\"user_id\":\"u1\",\"corrected_fields\":[...],\"original\":{...}}",
            "Every line is checked first; nothing is stored if one is bad."})
    static final class Collect extends LocalVerb {
        @Parameters(index = "0", paramLabel = "<samples.jsonl>")
        Path file;

        @picocli.CommandLine.Mixin
        Progress.Options progress = new Progress.Options();

        @Override
        int run(Session s) {
            CliEnvironment env = s.environment();
            List<JsonLines.Row> rows = JsonLines.read(file, Progress.on(env, progress, "read   ", "bytes"));
            List<Sample> samples = new ArrayList<>(rows.size());
            for (JsonLines.Row row : rows) {
                samples.add(sample(row.value(), row.line(), s.slabMl()));
            }
            Map<String, Long> perTask = store(s.slabMl(), samples, Progress.on(env, progress, "collect", "samples"));
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("collected", samples.size());
                m.put("per_task", perTask);
                m.put("data_dir", s.slabMl().dataDirectory().toString());
                printJson(m);
            } else {
                out().printf("Collected %d samples into %s%n", samples.size(), s.slabMl().dataDirectory());
                perTask.forEach((t, n) -> out().printf("  %-22s %d%n", t, n));
            }
            return ExitCodes.OK;
        }
    }

    /** How many samples are in flight at once while storing. */
    static final int IN_FLIGHT = 1024;

    /**
     * Stores checked samples through {@code collectAsync}, up to {@link #IN_FLIGHT} awaiting their
     * acknowledgement at once, so a large file shares forces instead of waiting for one per sample.
     * Returns the count per task once every sample is acknowledged.
     */
    static Map<String, Long> store(SlabMl ml, List<Sample> samples, Progress progress) {
        Map<String, Long> perTask = new TreeMap<>();
        java.util.ArrayDeque<java.util.concurrent.CompletableFuture<Sample>> pending = new java.util.ArrayDeque<>();
        progress.start(samples.size());
        long done = 0;
        try {
            for (Sample sample : samples) {
                if (pending.size() >= IN_FLIGHT) {
                    acknowledged(pending.poll());
                    progress.advance(++done);
                }
                pending.add(ml.collector().collectAsync(sample));
                perTask.merge(sample.task().value(), 1L, Long::sum);
            }
            while (!pending.isEmpty()) {
                acknowledged(pending.poll());
                progress.advance(++done);
            }
        } finally {
            progress.finish();
        }
        return perTask;
    }

    private static void acknowledged(java.util.concurrent.CompletableFuture<Sample> future) {
        try {
            future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Dataset statistics: totals per task and source, readiness, duplicates, conflicts, diversity.")
    static final class Stats extends LocalVerb {
        @Override
        boolean readsDataOnly() {
            return true;
        }

        @Override
        int run(Session s) {
            DatasetStats st = s.slabMl().collector().stats();
            Map<String, DatasetStats> quality = new TreeMap<>();
            for (TaskName task : s.slabMl().tasks().keySet()) {
                if (st.samplesPerTask().getOrDefault(task, 0L) > 0) {
                    quality.put(task.value(), s.slabMl().collector().stats(task));
                }
            }
            if (json()) {
                printJson(statsJson(st, quality));
                return ExitCodes.OK;
            }
            out().printf(Locale.ROOT, "Samples: %d (average confidence %.2f)%n", st.totalSamples(), st.averageConfidence());
            st.samplesPerTask().forEach((t, n) -> out().printf("  %-22s %d%n", t.value(), n));
            out().println("By source:");
            st.samplesPerSource().forEach((src, n) -> out().printf("  %-22s %d%n", src.value(), n));
            out().println("Readiness:");
            for (Readiness r : st.readiness()) {
                out().printf("  %-22s %-24s %4d / %-4d %s%n", r.task().value(), r.group(), r.have(), r.need(),
                    r.ready() ? "ready" : "needs " + (r.need() - r.have()) + " more");
            }
            out().printf("Duplicates: %d   Conflicts: %d%n", st.duplicates(), st.conflicts());
            if (!st.skippedLines().isEmpty()) {
                out().printf("Skipped lines: %d (unreadable, not counted above)%n", st.skippedLines().size());
                st.skippedLines().forEach(l -> out().println("  " + l));
            }
            quality.forEach((task, q) -> {
                out().println("Diversity of " + task + ":");
                for (String l : diversitySummary(q)) {
                    out().println("  " + l);
                }
            });
            return ExitCodes.OK;
        }

        /** A few readable lines on what one task's samples cover. */
        static List<String> diversitySummary(DatasetStats task) {
            Diversity d = task.diversity();
            List<String> lines = new ArrayList<>();
            lines.add("samples: " + task.totalSamples());
            lines.add("sports: " + d.counts(Diversity.SPORT));
            lines.add("years: " + d.yearRange().orElse("unknown") + " (" + d.counts(Diversity.YEAR).size() + " distinct)");
            lines.add("brands: " + d.counts(Diversity.BRAND));
            lines.add("grading companies: " + d.counts(Diversity.GRADING_COMPANY));
            if (!d.counts(Diversity.PLATFORM).isEmpty() || !d.counts(Diversity.TONE).isEmpty()) {
                lines.add("platforms: " + d.counts(Diversity.PLATFORM));
                lines.add("tones: " + d.counts(Diversity.TONE));
            }
            d.warnings().forEach(w -> lines.add("warning: " + w));
            return lines;
        }

        static Map<String, Object> statsJson(DatasetStats st, Map<String, DatasetStats> quality) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total_samples", st.totalSamples());
            Map<String, Object> perTask = new TreeMap<>();
            st.samplesPerTask().forEach((t, n) -> perTask.put(t.value(), n));
            m.put("per_task", perTask);
            Map<String, Object> perSource = new TreeMap<>();
            st.samplesPerSource().forEach((t, n) -> perSource.put(t.value(), n));
            m.put("per_source", perSource);
            m.put("average_confidence", st.averageConfidence());
            List<Map<String, Object>> readiness = new ArrayList<>();
            for (Readiness r : st.readiness()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("task", r.task().value());
                rm.put("group", r.group());
                rm.put("have", r.have());
                rm.put("need", r.need());
                rm.put("ready", r.ready());
                readiness.add(rm);
            }
            m.put("readiness", readiness);
            m.put("duplicates", st.duplicates());
            m.put("conflicts", st.conflicts());
            List<Map<String, Object>> skipped = new ArrayList<>();
            st.skippedLines().forEach(l -> {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("file", l.file());
                sm.put("line", l.line());
                sm.put("reason", l.reason());
                skipped.add(sm);
            });
            m.put("skipped_lines", skipped);
            Map<String, Object> div = new TreeMap<>();
            quality.forEach((task, q) -> {
                Map<String, Object> d = new LinkedHashMap<>();
                Diversity v = q.diversity();
                d.put("samples", q.totalSamples());
                d.put("sports", v.counts(Diversity.SPORT));
                d.put("year_range", v.yearRange().orElse(null));
                d.put("brands", v.counts(Diversity.BRAND));
                d.put("grading_companies", v.counts(Diversity.GRADING_COMPANY));
                d.put("platforms", v.counts(Diversity.PLATFORM));
                d.put("tones", v.counts(Diversity.TONE));
                d.put("warnings", v.warnings());
                div.put(task, d);
            });
            m.put("diversity", div);
            return m;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a task's samples as fine-tuning JSONL (OpenAI chat, or preference pairs with --method dpo, "
            + "or Vertex AI or Bedrock with --format), deduplicated, validated, split.")
    static final class Export extends LocalVerb {
        @Override
        boolean readsDataOnly() {
            return true;
        }

        @Parameters(index = "0", paramLabel = "<task>", description = "card_identification, listing_generation, ...")
        String task;

        @Option(names = "--min-confidence", defaultValue = "0", description = "Leave out samples below this confidence (0-1).")
        double minConfidence;

        @Option(names = "--validation-fraction", defaultValue = "0.10", description = "0, or 0.10-0.20 (default 0.10).")
        double validationFraction;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the deterministic split (default 42).")
        long seed;

        @Option(names = "--method", paramLabel = "sft|dpo", defaultValue = "sft",
            description = "sft: chat examples (default); dpo: preference pairs from user corrections "
                + "(input, preferred_output = the correction, non_preferred_output = the model's original answer).")
        String method;

        @Option(names = "--model", description = "Model the export is checked and counted for; default: the provider's default model.")
        String model;

        @Option(names = "--format", defaultValue = "openai",
            description = "openai (default; also Together, Fireworks), vertex (Google Vertex AI tuning) or bedrock "
                + "(Amazon Bedrock conversation); the same examples and split in each.")
        String format;

        @picocli.CommandLine.Mixin
        Progress.Options progress = new Progress.Options();

        @Override
        int run(Session s) {
            TaskName name = s.slabMl().task(TaskName.of(task)).name();
            ExportFormat f = ExportFormat.of(format);
            ExportResult r = s.slabMl().exporter().export(ExportRequest.builder().task(name)
                .minConfidence(minConfidence).validationFraction(validationFraction).seed(seed)
                .method(method(method)).model(model).format(f).build(),
                Progress.listener(s.environment(), progress, "export"));
            boolean cloud = f != ExportFormat.OPENAI;
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("task", r.task().value());
                m.put("method", method(method).id());
                m.put("format", f.id());
                m.put("training_file", r.trainingFile().toString());
                m.put("validation_file", r.validationFile().map(Path::toString).orElse(null));
                m.put("training_examples", r.trainingExamples());
                m.put("validation_examples", r.validationExamples());
                m.put("below_min_confidence", r.belowMinConfidence());
                m.put("duplicates_removed", r.duplicatesRemoved());
                m.put("training_tokens", r.trainingTokens());
                m.put("token_count", r.tokensExact() ? "exact" : "estimate");
                if (cloud) {
                    m.put("training_tokens_estimated", true);
                }
                m.put("validation", Views.validation(r.validation()));
                printJson(m);
            } else {
                out().printf("Exported %s: %d training + %d validation examples (%d duplicates removed, %d below confidence)%n",
                    r.task().value(), r.trainingExamples(), r.validationExamples(), r.duplicatesRemoved(),
                    r.belowMinConfidence());
                out().printf("  training file    %s (%s%d tokens, %s)%n", r.trainingFile(), cloud ? "about " : "",
                    r.trainingTokens(), r.tokensExact() && !cloud ? "exact" : "estimated: no tokenizer for the model runs offline");
                r.validationFile().ifPresent(v -> out().printf("  validation file  %s%n", v));
                if (f == ExportFormat.VERTEX) {
                    out().println("Next: copy the files to a Cloud Storage bucket and start a Vertex AI tuning job with your Google Cloud tooling");
                } else if (f == ExportFormat.BEDROCK) {
                    out().println("Next: copy the files to an S3 bucket and start a Bedrock model customization job with your AWS tooling");
                } else {
                    out().printf("Next: slabml upload %s%n", r.trainingFile());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a fine-tuning JSONL file, line by line, against what the provider accepts.")
    static final class Validate extends LocalVerb {
        @Parameters(index = "0", paramLabel = "<file>")
        Path file;

        @Option(names = "--model", description = "Model the file is for (token limits); default: the card task's base model.")
        String model;

        @picocli.CommandLine.Mixin
        Progress.Options progress = new Progress.Options();

        @Override
        int run(Session s) {
            ValidationReport r = s.slabMl().exporter().validate(existingFile(file, "file"), model(s.slabMl(), model),
                Progress.listener(s.environment(), progress, "validate"));
            if (json()) {
                printJson(Views.validation(r));
            } else {
                out().println(r.summary());
            }
            if (!r.isValid()) {
                return fail(ExitCodes.INVALID_INPUT, file + " has " + r.errors().size() + " error"
                    + (r.errors().size() == 1 ? "" : "s") + " (first at line " + r.errors().get(0).line() + ")");
            }
            return ExitCodes.OK;
        }
    }

    /** {@code sft} / {@code supervised} or {@code dpo} / {@code preference}. */
    static TrainingMethod method(String text) {
        TrainingMethod m = TrainingMethod.of(text);
        if (!m.equals(TrainingMethod.SUPERVISED) && !m.equals(TrainingMethod.PREFERENCE)) {
            throw new InvalidInputException("method", "expected sft or dpo, was '" + text + "'");
        }
        return m;
    }

    /** The model given, else the card task's base model, else the provider's default model. */
    static String model(SlabMl ml, String given) {
        if (given != null) {
            return given;
        }
        return ml.config().get("slabml.card_identification.base_model")
            .or(() -> ml.modelCatalog().defaultModel())
            .orElseThrow(() -> new InvalidInputException("model", "no model given and the provider's catalogue has "
                + "no default; pass --model or set slabml.fine_tuning.base_model"));
    }

    @Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Estimate training tokens and cost of a JSONL file: token counts (exact where a tokenizer runs offline, labelled estimates otherwise), epochs, price.")
    static final class Estimate extends LocalVerb {
        @Parameters(index = "0", paramLabel = "<file>")
        Path file;

        @Option(names = "--model", description = "Model to price; default: the card task's base model.")
        String model;

        @Option(names = "--epochs", paramLabel = "N|auto", defaultValue = "auto", description = "N or auto (default: auto); the model's range applies.")
        String epochs;

        @Override
        int run(Session s) {
            String m = model(s.slabMl(), model);
            Integer n = JobVerbs.Create.intOrAuto(epochs, "epochs");
            existingFile(file, "file");
            CostEstimate c = n == null ? s.slabMl().fineTuning().estimateCost(file, m)
                : s.slabMl().fineTuning().estimateCost(file, m, n);
            if (json()) {
                printJson(Views.cost(c));
                return ExitCodes.OK;
            }
            out().printf("%s on %s%n", file, c.model());
            out().printf("  examples              %d%n", c.examples());
            out().printf("  tokens per example    min %d, median %d, p90 %d, max %d%n", c.distribution().min(),
                c.distribution().median(), c.distribution().p90(), c.distribution().max());
            if (c.examplesOverLimit() > 0) {
                out().printf("  over the model limit  %d examples (truncated when training)%n", c.examplesOverLimit());
            }
            out().printf("  training tokens       %d (billed per epoch %d)%s%n", c.trainingTokens(), c.billedTokensPerEpoch(),
                c.tokensExact() ? "" : " ESTIMATED: no tokenizer for the model runs offline");
            out().printf("  epochs                %d%s%n", c.epochs(), n == null ? " (auto)" : "");
            out().printf("  billed tokens         %d%n", c.billedTokens());
            out().printf(Locale.ROOT, "  estimated cost        $%s (at $%s per 1M tokens, prices of %s)%n",
                c.cost().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString(),
                c.pricePerMillionTokens().toPlainString(), c.priceDate());
            return ExitCodes.OK;
        }
    }
}
