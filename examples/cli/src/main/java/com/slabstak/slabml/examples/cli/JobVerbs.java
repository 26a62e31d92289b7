/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.SlabMl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The fine-tuning verbs, in the seed's argument order: upload, create, status, wait, cancel, lists. */
final class JobVerbs {
    /** A model in use this close to its shutdown date gets a warning. */
    static final int SHUTDOWN_WARNING_DAYS = 60;
    static final int MAX_LIMIT = 100;

    private JobVerbs() {
    }

    /** A verb that calls the fine-tuning provider, so it needs the provider's credentials. */
    abstract static class ProviderVerb extends Verb {
        @Override
        final boolean needsProvider() {
            return true;
        }

        /** Prints one job as JSON, or else as the verb's text; returns {@link ExitCodes#OK}. */
        final int printJob(FineTuningJob job, Runnable asText) {
            if (json()) {
                printJson(Views.job(job));
            } else {
                asText.run();
            }
            return ExitCodes.OK;
        }
    }

    /** A provider verb about one job, named by its first argument. */
    abstract static class JobIdVerb extends ProviderVerb {
        @Parameters(index = "0", paramLabel = "<job_id>")
        String jobId;
    }

    static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be 1-" + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
        description = "Upload a JSONL training or validation file (validated first); prints its file id.")
    static final class Upload extends ProviderVerb {
        @Parameters(index = "0", paramLabel = "<file>", description = "The .jsonl file.")
        Path file;

        @picocli.CommandLine.Mixin
        Progress.Options progress = new Progress.Options();

        @Override
        int run(Session s) {
            existingFile(file, "file");
            UploadedFile f;
            // the provider's client sends the file in one call and tells nothing on the way
            try (Progress.Waiting shown = Progress.waiting(root.environment(), progress, String.format(Locale.ROOT,
                "upload: checking and sending %.1f MB (the provider reports no progress)", file.toFile().length() / 1e6))) {
                f = s.slabMl().fineTuning().upload(file);
            }
            if (json()) {
                printJson(Views.file(f));
            } else {
                out().printf(Locale.ROOT, "Uploaded %s as %s (%d bytes).%n", f.filename(), f.id(), f.bytes());
                out().printf("Next: slabml create %s gpt-4o-mini-2024-07-18 <suffix> --task %s%n", f.id(),
                    exportedTask(file).orElse("<task>"));
            }
            return ExitCodes.OK;
        }
    }

    private static final java.util.regex.Pattern EXPORTED =
        java.util.regex.Pattern.compile("([a-z0-9_]+)_export_\\d{8}T\\d{6}_(?:train|validation)\\.jsonl");

    /** The task of a file written by {@code slabml export <task>}, read from its name. */
    static java.util.Optional<String> exportedTask(Path file) {
        java.util.regex.Matcher m = EXPORTED.matcher(file.getFileName().toString());
        return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a fine-tuning job (supervised, or preference with --method dpo). Never sent twice: a lost response is recovered.")
    static final class Create extends ProviderVerb {
        @Parameters(index = "0", paramLabel = "<file_id>", description = "Training file id (from upload).")
        String fileId;

        @Parameters(index = "1", paramLabel = "<model>", description = "Base model, e.g. gpt-4o-mini-2024-07-18.")
        String model;

        @Parameters(index = "2", paramLabel = "<suffix>", description = "Suffix of the fine-tuned model name (1-64 characters).")
        String suffix;

        @Option(names = "--validation-file", paramLabel = "FILE_ID", description = "Validation file id.")
        String validationFile;

        @Option(names = "--epochs", paramLabel = "N|auto", defaultValue = "auto", description = "N or auto (default); the model's range applies.")
        String epochs;

        @Option(names = "--batch-size", paramLabel = "N|auto", defaultValue = "auto", description = "N or auto (default); the model's range applies.")
        String batchSize;

        @Option(names = "--learning-rate-multiplier", paramLabel = "X|auto", defaultValue = "auto",
            description = "A positive number or auto (default).")
        String learningRate;

        @Option(names = "--seed", description = "0-2147483647, for reproducible jobs.")
        Long seed;

        @Option(names = "--method", paramLabel = "sft|dpo", defaultValue = "sft",
            description = "sft (supervised, default) or dpo (preference pairs, from export --method dpo).")
        String method;

        @Option(names = "--beta", paramLabel = "X|auto", defaultValue = "auto",
            description = "dpo only: how strongly training keeps to the base model; the model's range applies.")
        String beta;

        @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Job metadata (up to 16 pairs).")
        Map<String, String> metadata = new LinkedHashMap<>();

        @Option(names = "--task", description = "The task this model is for (card_identification, listing_generation, ...).")
        String task;

        @Override
        int run(Session s) {
            Hyperparameters hp = Hyperparameters.builder()
                .epochs(intOrAuto(epochs, "n_epochs"))
                .batchSize(intOrAuto(batchSize, "batch_size"))
                .learningRateMultiplier(doubleOrAuto(learningRate, "learning_rate_multiplier"))
                .beta(doubleOrAuto(beta, "beta"))
                .build();
            JobRequest.Builder rb = JobRequest.builder().trainingFileId(fileId).model(model).suffix(suffix)
                .method(DataVerbs.method(method)).hyperparameters(hp).seed(seed).metadata(metadata)
                .validationFileId(validationFile);
            if (task != null) {
                rb.task(s.slabMl().task(TaskName.of(task)).name());
            }
            FineTuningJob job = s.slabMl().fineTuning().createJob(rb.build());
            if (task == null) {
                err().println("slabml: note: without --task the model this job produces is not registered for a task, "
                    + "so 'slabml models' will not list it; pass --task <task> to register it");
            }
            return printJob(job, () -> {
                out().printf("Created fine-tuning job %s (%s) on %s.%n", job.id(), job.status().value(), job.model());
                out().printf("Next: slabml wait %s%n", job.id());
            });
        }

        static Integer intOrAuto(String text, String field) {
            if (text == null || text.equalsIgnoreCase("auto")) {
                return null;
            }
            try {
                return Integer.valueOf(text.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(field, "expected a whole number or auto, was '" + text + "'");
            }
        }

        static Double doubleOrAuto(String text, String field) {
            if (text == null || text.equalsIgnoreCase("auto")) {
                return null;
            }
            try {
                double d = Double.parseDouble(text.trim());
                if (!(d > 0) || Double.isInfinite(d)) {
                    throw new InvalidInputException(field, "must be a positive number or auto, was '" + text + "'");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new InvalidInputException(field, "expected a positive number or auto, was '" + text + "'");
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job's status.")
    static final class Status extends JobIdVerb {
        @Override
        int run(Session s) {
            FineTuningJob job = s.slabMl().fineTuning().status(jobId);
            return printJob(job, () -> printDetails(job));
        }

        void printDetails(FineTuningJob job) {
            out().printf("Job %s%n", job.id());
            out().printf("  status            %s%n", job.status().value());
            out().printf("  model             %s%n", job.model());
            out().printf("  fine-tuned model  %s%n", job.fineTunedModel().orElse("-"));
            out().printf("  created           %s%n", job.createdAt());
            job.finishedAt().ifPresent(t -> out().printf("  finished          %s%n", t));
            job.estimatedFinish().ifPresent(t -> out().printf("  estimated finish  %s%n", t));
            out().printf("  training file     %s%n", job.trainingFileId());
            job.validationFileId().ifPresent(v -> out().printf("  validation file   %s%n", v));
            if (job.trainedTokens().isPresent()) {
                out().printf("  trained tokens    %d%n", job.trainedTokens().getAsLong());
            }
            job.error().ifPresent(e -> out().printf("  error             %s%n", errorText(e)));
        }
    }

    static String errorText(JobError e) {
        return e.code() + ": " + e.message() + e.paramName().map(p -> " (param " + p + ")").orElse("");
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
        description = {"Wait for a job to finish, showing its progress (events and metrics).",
            "Resumable: after a restart or a timeout, run it again with the same job id."})
    static final class Wait extends JobIdVerb {
        @Option(names = "--timeout", defaultValue = "3h", description = "Give up waiting after this long (default 3h); the job goes on.")
        String timeout;

        @Option(names = "--poll", defaultValue = "5s", description = "First poll interval (default 5s); doubles up to 8 times that, at most 60s.")
        String poll;

        @Override
        int run(Session s) {
            Duration t = Views.parseDuration(timeout, "timeout");
            Duration p = Views.parseDuration(poll, "poll");
            if (t.isNegative()) {
                throw new InvalidInputException("timeout", "must not be negative, was " + timeout);
            }
            if (p.isNegative() || p.isZero()) {
                throw new InvalidInputException("poll", "must be positive, was " + poll);
            }
            Duration max = p.compareTo(Duration.ofSeconds(60)) > 0 ? p : Duration.ofSeconds(60);
            if (p.multipliedBy(8).compareTo(max) < 0) {
                max = p.multipliedBy(8);
            }
            CliEnvironment env = s.environment();
            ProgressDisplay display = new ProgressDisplay(out(), env.terminal(), env.clock());
            WaitOptions.Builder wb = WaitOptions.builder().timeout(t).pollInterval(p).maxPollInterval(max);
            if (!json()) {
                wb.listener(display);
            }
            FineTuningJob job;
            try {
                job = s.slabMl().fineTuning().waitForCompletion(jobId, wb.build());
            } finally {
                display.finish();
            }
            if (json()) {
                printJson(Views.job(job));
            }
            if (job.status().equals(JobStatus.SUCCEEDED)) {
                if (!json()) {
                    out().printf("Job %s succeeded: %s%n", job.id(), job.fineTunedModel().orElse("(no model name)"));
                }
                return ExitCodes.OK;
            }
            if (job.status().equals(JobStatus.FAILED)) {
                return fail(ExitCodes.JOB_FAILED, "job " + job.id() + " failed: "
                    + job.error().map(JobVerbs::errorText).orElse("no reason given"));
            }
            return fail(ExitCodes.JOB_FAILED, "job " + job.id() + " ended " + job.status().value());
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job that has not finished.")
    static final class Cancel extends JobIdVerb {
        @Override
        int run(Session s) {
            FineTuningJob job = s.slabMl().fineTuning().cancel(jobId);
            return printJob(job, () -> out().printf("Job %s is %s.%n", job.id(), job.status().value()));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a running job (where the provider can).")
    static final class Pause extends JobIdVerb {
        @Override
        int run(Session s) {
            FineTuningJob job = s.slabMl().fineTuning().pause(jobId);
            return printJob(job, () -> out().printf("Job %s is %s.%n", job.id(), job.status().value()));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused job (where the provider can).")
    static final class Resume extends JobIdVerb {
        @Override
        int run(Session s) {
            FineTuningJob job = s.slabMl().fineTuning().resume(jobId);
            return printJob(job, () -> out().printf("Job %s is %s.%n", job.id(), job.status().value()));
        }
    }

    @Command(name = "delete-model", mixinStandardHelpOptions = true, description = "Delete a fine-tuned model.")
    static final class DeleteModel extends ProviderVerb {
        @Parameters(index = "0", paramLabel = "<model>", description = "The fine-tuned model (ft:...).")
        String model;

        @Override
        int run(Session s) {
            s.slabMl().fineTuning().deleteModel(model);
            if (json()) {
                printJson(java.util.Map.of("deleted", model));
            } else {
                out().printf("Deleted model %s.%n", model);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list-jobs", mixinStandardHelpOptions = true, description = "List the newest fine-tuning jobs, newest first.")
    static final class ListJobs extends ProviderVerb {
        @Option(names = "--limit", defaultValue = "20", description = "How many (1-100, default 20).")
        int limit;

        @Override
        int run(Session s) {
            List<FineTuningJob> jobs = s.slabMl().fineTuning().listJobs(checkLimit(limit));
            if (json()) {
                printJson(jobs.stream().map(Views::job).toList());
                return ExitCodes.OK;
            }
            if (jobs.isEmpty()) {
                out().println("No fine-tuning jobs.");
                return ExitCodes.OK;
            }
            int width = Math.max(8, jobs.stream().mapToInt(j -> j.id().length()).max().orElse(0));
            String row = "%-" + width + "s  %-17s %-24s %-21s %s%n";
            out().printf(row, "JOB", "STATUS", "MODEL", "CREATED", "FINE-TUNED MODEL");
            for (FineTuningJob j : jobs) {
                out().printf(row, j.id(), j.status().value(), j.model(),
                    j.createdAt().truncatedTo(ChronoUnit.SECONDS), j.fineTunedModel().orElse("-"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list-models", mixinStandardHelpOptions = true,
        description = {"List the newest models with base model, creation date and shutdown date.",
            "Warns when a model in use is within " + SHUTDOWN_WARNING_DAYS + " days of its shutdown.",
            "With --catalog: the base models the provider trains, from its catalogue, offline and without a key."})
    static final class ListModels extends Verb {
        @Option(names = "--limit", defaultValue = "20", description = "How many (1-100, default 20).")
        int limit;

        @Option(names = "--catalog", description = "List the provider's catalogue (limits, tokenizer, methods, prices, shutdown dates) instead; needs no key.")
        boolean catalog;

        @Override
        boolean needsProvider() {
            return !catalog;
        }

        @Override
        int run(Session s) {
            if (catalog) {
                return printCatalog(s.slabMl().modelCatalog());
            }
            checkLimit(limit);
            List<ModelInfo> all = new ArrayList<>(s.slabMl().fineTuning().listModels());
            all.sort(Comparator.comparing((ModelInfo m) -> m.createdAt().orElse(Instant.EPOCH)).reversed()
                .thenComparing(ModelInfo::id));
            List<ModelInfo> shown = all.subList(0, Math.min(limit, all.size()));
            List<String> warnings = shutdownWarnings(s.slabMl(), all, s.environment().clock().instant());
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("models", shown.stream().map(Views::model).toList());
                m.put("total", all.size());
                m.put("warnings", warnings);
                printJson(m);
                return ExitCodes.OK;
            }
            int width = Math.max(24, shown.stream().mapToInt(mi -> mi.id().length()).max().orElse(0));
            String row = "%-" + width + "s  %-24s %-12s %s%n";
            out().printf(row, "MODEL", "BASE MODEL", "CREATED", "SHUTDOWN");
            for (ModelInfo mi : shown) {
                out().printf(row, mi.id(), mi.baseModel().orElse("-"),
                    mi.createdAt().map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC).toString()).orElse("-"),
                    mi.shutdownDate().map(Object::toString).orElse("-"));
            }
            if (all.size() > shown.size()) {
                out().printf("(%d of %d models; --limit to see more)%n", shown.size(), all.size());
            }
            for (String w : warnings) {
                out().println("Warning: " + w);
            }
            return ExitCodes.OK;
        }

        private int printCatalog(com.slabstak.slabml.spi.ModelCatalog c) {
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("provider", c.provider());
                m.put("default_model", c.defaultModel().orElse(null));
                m.put("min_examples", c.limits().minExamples());
                m.put("max_file_bytes", c.limits().maxFileBytes());
                m.put("new_jobs_end", c.newJobsEnd().map(Object::toString).orElse(null));
                m.put("models", c.models().values().stream().map(Views::trainable).toList());
                printJson(m);
                return ExitCodes.OK;
            }
            out().printf("%s: %d models, at least %d examples, files up to %d bytes%s%n", c.provider(), c.models().size(),
                c.limits().minExamples(), c.limits().maxFileBytes(),
                c.newJobsEnd().map(d -> ", new jobs until " + d).orElse(""));
            int width = Math.max(24, c.models().keySet().stream().mapToInt(String::length).max().orElse(0));
            String row = "%-" + width + "s  %9s %9s  %-24s %-22s %-10s %s%n";
            out().printf(row, "MODEL", "CONTEXT", "EXAMPLE", "TOKENIZER", "METHODS", "$/1M", "SHUTDOWN");
            for (com.slabstak.slabml.spi.TrainableModel t : c.models().values()) {
                out().printf(row, t.id() + (c.defaultModel().filter(t.id()::equals).isPresent() ? " *" : ""),
                    t.contextTokens(), t.maxExampleTokens(), t.tokenizer(),
                    t.methods().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(",")),
                    t.price(com.slabstak.slabml.spi.TrainingMethod.SUPERVISED).map(java.math.BigDecimal::toPlainString).orElse("-"),
                    t.shutdownDate().map(Object::toString).orElse("-"));
            }
            return ExitCodes.OK;
        }

        /** Models this installation uses (configured base and fine-tuned models, deployments) near shutdown. */
        static List<String> shutdownWarnings(SlabMl ml, List<ModelInfo> models, Instant now) {
            Set<String> inUse = new LinkedHashSet<>();
            for (TaskName t : ml.tasks().keySet()) {
                ml.config().get("slabml." + t.value() + ".base_model").ifPresent(inUse::add);
                ml.config().get("slabml." + t.value() + ".finetuned_model").ifPresent(inUse::add);
            }
            for (Deployment d : ml.registry().deployments()) {
                inUse.add(d.baseModel());
                d.candidateModel().ifPresent(inUse::add);
            }
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            List<String> warnings = new ArrayList<>();
            for (ModelInfo mi : models) {
                if (!inUse.contains(mi.id()) || mi.shutdownDate().isEmpty()) {
                    continue;
                }
                long days = ChronoUnit.DAYS.between(today, mi.shutdownDate().get());
                if (days <= SHUTDOWN_WARNING_DAYS) {
                    warnings.add(days < 0
                        ? String.format(Locale.ROOT, "model %s in use was shut down on %s", mi.id(), mi.shutdownDate().get())
                        : String.format(Locale.ROOT, "model %s in use shuts down on %s (in %d days); plan a replacement",
                            mi.id(), mi.shutdownDate().get(), days));
                }
            }
            return warnings;
        }
    }

    @Command(name = "checkpoints", mixinStandardHelpOptions = true, description = "List a job's checkpoints with their metrics.")
    static final class Checkpoints extends JobIdVerb {
        @Override
        int run(Session s) {
            List<Checkpoint> cps = s.slabMl().fineTuning().checkpoints(jobId);
            if (json()) {
                printJson(cps.stream().map(Views::checkpoint).toList());
                return ExitCodes.OK;
            }
            if (cps.isEmpty()) {
                out().println("No checkpoints (yet) for " + jobId + ".");
                return ExitCodes.OK;
            }
            int width = Math.max(16, cps.stream().mapToInt(c -> c.model().length()).max().orElse(0));
            out().printf("%-8s %-" + width + "s  %s%n", "STEP", "CHECKPOINT MODEL", "METRICS");
            for (Checkpoint c : cps) {
                out().printf("%-8d %-" + width + "s  %s%n", c.step(), c.model(),
                    c.metrics().map(ProgressDisplay::metricsText).orElse("-"));
            }
            return ExitCodes.OK;
        }
    }
}
