/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.ExportFormat;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProgressListener;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Task;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.TrainingMethod;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a task's samples as OpenAI chat fine-tuning JSONL. Two streaming passes over the store:
 * the first makes a small entry per sample (about 100 bytes, never the sample) and decides what is
 * exported; entries beyond {@link ExportOptions#indexMemoryBytes()} (16 MB by default) are sorted
 * in runs into a temporary directory inside the export directory and merged, so the memory used
 * does not grow with the number of samples and the result does not depend on the budget (the
 * directory is deleted when the export ends, also on failure). The second renders each kept sample with its task ({@code Task.prompt(input)} then the
 * assistant's {@code Task.answer(output)}), optionally redacts personal data, and writes one
 * {@code {"messages": [...]}} line per sample. The rules, in order:
 *
 * <ol>
 * <li><b>Confidence:</b> samples below {@code min_confidence} are left out.</li>
 * <li><b>Conflicting labels:</b> samples whose inputs normalise alike (case, spacing, punctuation,
 * {@code 9.50} = {@code 9.5}) but whose answers differ conflict. The answer kept is the one of the
 * newest correction by a trusted user ({@link ExportOptions#trustedUsers()}; every correcting user
 * when none are configured); without such a correction, the answer with the highest summed
 * confidence (ties: the answer of the newest sample). The other samples are left out and listed in
 * {@link ExportDetails#quality()}.</li>
 * <li><b>Duplicates:</b> samples with the same normalised answer whose inputs are equal once
 * normalised, or similar enough (character 3-shingle MinHash similarity of at least
 * {@link ExportOptions#nearDuplicateThreshold()}: the same card read with small OCR differences),
 * are one cluster, of which one sample is kept: the newest correction (trusted users first), else
 * the highest confidence, else the oldest.</li>
 * <li><b>Split:</b> deterministic for a seed. Samples sharing an answer, an input or a card (the
 * input's {@code card} for listings) form one unit that goes wholly to one side, so a card and its
 * near duplicates are never in both files. Units are ordered by a hash of their key and the seed
 * and placed in validation while each {@code Task.group} they touch (platform/tone for listings)
 * stays within {@code round(fraction x group size)}: the split is stratified by group.</li>
 * <li><b>Redaction</b> (off by default, {@link ExportOptions#redactPersonalData()}): e-mail
 * addresses and phone numbers in the rendered messages become {@code [email]} and {@code [phone]};
 * what changed is counted in {@link ExportDetails}.</li>
 * </ol>
 *
 * <p>With {@link ExportRequest#format()} {@code VERTEX} or {@code BEDROCK} the same examples and
 * split are written in Google Vertex AI's or Amazon Bedrock's tuning JSONL and checked against that
 * cloud's limits ({@link CloudFormat}) instead of a model's; the file names then end in
 * {@code _vertex_train.jsonl} or {@code _bedrock_train.jsonl}.
 *
 * <p>Files are written as temporary files in the export directory, validated with
 * {@link DatasetValidator}, and only then published (a hard link, never replacing a file) as
 * {@code <task>_export_<yyyyMMdd'T'HHmmss>_train.jsonl} and {@code ..._validation.jsonl} (UTC,
 * from the clock; {@code _2}, {@code _3}... when the name is taken). On any error the temporary
 * files are deleted: nothing half-written is left. Thread-safe.
 *
 * {@code
 * DefaultDatasetExporter exporter = new DefaultDatasetExporter(store, tasks, dataDir.resolve("training_data/exports"), clock);
 * ExportResult r = exporter.export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION).minConfidence(0.8).build());
 * }
 */
public final class DefaultDatasetExporter implements DatasetExporter {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultDatasetExporter.class);
    /** Samples between progress reports. */
    private static final int PROGRESS_SAMPLES = 4096;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
        .withZone(ZoneOffset.UTC);

    private final SampleStore samples;
    private final Map<TaskName, Task> tasks;
    private final Path exportDirectory;
    private final Clock clock;
    private final ExportOptions options;
    private final DatasetValidator validator;

    /** An exporter with the default options (no redaction, every correcting user trusted). */
    public DefaultDatasetExporter(SampleStore samples, Map<TaskName, Task> tasks, Path exportDirectory, Clock clock) {
        this(samples, tasks, exportDirectory, clock, ExportOptions.defaults());
    }

    /** An exporter with the given options. */
    public DefaultDatasetExporter(SampleStore samples, Map<TaskName, Task> tasks, Path exportDirectory, Clock clock,
                                  ExportOptions options) {
        this.samples = Objects.requireNonNull(samples, "samples");
        this.tasks = Map.copyOf(Objects.requireNonNull(tasks, "tasks"));
        this.exportDirectory = Objects.requireNonNull(exportDirectory, "exportDirectory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.validator = new DatasetValidator(options.modelCatalog());
    }

    @Override
    public ExportResult export(ExportRequest request) {
        return exportWithDetails(request).result();
    }

    @Override
    public ExportResult export(ExportRequest request, ProgressListener progress) {
        return exportWithDetails(request, progress).result();
    }

    @Override
    public ValidationReport validate(Path file, String model) {
        return validator.validate(file, model);
    }

    @Override
    public ValidationReport validate(Path file, String model, ProgressListener progress) {
        return validator.validate(file, model, progress);
    }

    /**
     * Exports like {@link #export(ExportRequest)} and also returns the quality analysis and what
     * redaction changed.
     *
     * @throws InvalidInputException for an unknown task or model, nothing to export, a sample the
     *     task cannot render, or a result that would not validate
     * @throws StoreException if reading the store or writing the files fails
     */
    public ExportDetails exportWithDetails(ExportRequest request) {
        return exportWithDetails(request, ProgressListener.NONE);
    }

    /**
     * Exports like {@link #exportWithDetails(ExportRequest)}, telling {@code progress} the samples
     * read ({@code read}), written ({@code write}) and the bytes checked ({@code check}).
     */
    public ExportDetails exportWithDetails(ExportRequest request, ProgressListener progress) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(progress, "progress");
        Task task = tasks.get(request.task());
        if (task == null) {
            throw new InvalidInputException("task", "unknown task '" + request.task() + "'; known tasks: "
                + new TreeMap<>(tasks).keySet());
        }
        CloudFormat cloud = request.format() == ExportFormat.OPENAI ? null : CloudFormat.of(request.format());
        boolean preference = request.method().equals(TrainingMethod.PREFERENCE);
        if (cloud != null && preference) {
            throw new InvalidInputException("method", "preference pairs are exported in OpenAI's format only, not "
                + request.format().id());
        }
        String model = null;
        // Vertex and Bedrock files are checked against their cloud's limits, not a provider's catalogue
        if (cloud == null) {
            model = request.model().or(() -> options.modelCatalog().defaultModel())
                .orElseThrow(() -> new InvalidInputException("model", "no model named and the catalogue of "
                    + options.modelCatalog().provider() + " has no default; name one or set slabml.fine_tuning.base_model"));
            TrainableModel trained = options.modelCatalog().require(model);
            if (!trained.supports(request.method())) {
                throw new InvalidInputException("method", model + " does not train with " + request.method()
                    + "; models of " + options.modelCatalog().provider() + " that do: "
                    + options.modelCatalog().supporting(request.method()).stream().map(TrainableModel::id).toList());
            }
        }

        String stamp = STAMP.format(clock.instant());
        List<Path> temporary = new ArrayList<>();
        List<Path> published = new ArrayList<>();
        Path trainTarget = null;
        Path validationTarget = null;
        try {
            String prefix = request.task().value() + (preference ? "_dpo_export_" : "_export_") + stamp
                + (cloud == null ? "" : "_" + cloud.format().id());
            Path trainTemp;
            Path validationTemp;
            boolean split;
            Written written;
            SampleIndex index;
            QualitySummary quality;
            try (Stream<Sample> s = counted(read(request.task(), preference), progress)) {
                // the index spills beyond its memory budget to a temporary directory it deletes on close
                index = SampleIndex.build(s, task, options, request.minConfidence(), request.validationFraction(),
                    request.seed(), false, exportDirectory);
            }
            try (index) {
                if (index.keptCount() == 0) {
                    throw new InvalidInputException("task", "no " + (preference ? "corrections to export as "
                        + "preference pairs" : "samples to export") + " for " + request.task() + ": "
                        + index.positions() + " " + (preference ? "corrections with the model's original output"
                        : "stored") + ", " + index.belowMinConfidence() + " below min_confidence "
                        + request.minConfidence());
                }
                split = index.validationCount() > 0;
                Files.createDirectories(exportDirectory);
                trainTemp = temp(prefix + "_train", temporary);
                validationTemp = split ? temp(prefix + "_validation", temporary) : null;
                written = write(request.task(), task, index, trainTemp, validationTemp, preference, cloud, progress);
                quality = index.quality();
            }

            ValidationReport report;
            long trainingTokens;
            boolean tokensExact;
            if (cloud == null) {
                TrainableModel m = options.modelCatalog().require(model);
                long trainBytes = Files.size(trainTemp);
                long allBytes = trainBytes + (split ? Files.size(validationTemp) : 0);
                DatasetValidator.Scan trainScan = validator.scan(trainTemp, m, true,
                    (step, done, total) -> progress.progress(step, done, allBytes));
                DatasetValidator.Scan validationScan = split ? validator.scan(validationTemp, m, false,
                    (step, done, total) -> progress.progress(step, trainBytes + done, allBytes)) : null;
                report = merge(exportDirectory.resolve(prefix + "_train.jsonl"), trainScan.report(),
                    validationScan == null ? null : validationScan.report());
                trainingTokens = trainScan.tokens().total();
                tokensExact = trainScan.exactTokens();
            } else {
                CloudFormat.Scan trainScan = cloud.scan(trainTemp, true);
                CloudFormat.Scan validationScan = split ? cloud.scan(validationTemp, false) : null;
                report = merge(exportDirectory.resolve(prefix + "_train.jsonl"), trainScan.report(),
                    validationScan == null ? null : validationScan.report());
                List<ValidationFinding> together = new ArrayList<>(report.findings());
                together.addAll(cloud.checkTogether(trainScan, validationScan));
                report = new ValidationReport(report.file(), report.examples(), together);
                trainingTokens = trainScan.estimatedTokens();
                tokensExact = false;
            }
            if (!report.isValid()) {
                ValidationFinding first = report.errors().get(0);
                throw new InvalidInputException("export", first.line(), "the export would not validate ("
                    + report.errors().size() + " errors): " + first.category() + ": " + first.message(), null);
            }
            // publish without ever replacing a file: the next free suffix when another export took the name
            for (int attempt = 1; trainTarget == null; attempt++) {
                String base = prefix + (attempt == 1 ? "" : "_" + attempt);
                Path t = exportDirectory.resolve(base + "_train.jsonl");
                Path v = exportDirectory.resolve(base + "_validation.jsonl");
                if (attempt > 1000) {
                    throw new StoreException("no free export file name for " + prefix + " in " + exportDirectory);
                }
                if (Files.exists(t) || Files.exists(v)) {
                    continue;
                }
                if (split && !ExportFiles.publish(validationTemp, v)) {
                    continue;
                }
                if (split) {
                    published.add(v);
                }
                if (!ExportFiles.publish(trainTemp, t)) {
                    if (split) {
                        Files.move(v, validationTemp);
                        published.remove(v);
                    }
                    continue;
                }
                published.add(t);
                trainTarget = t;
                validationTarget = split ? v : null;
            }
            if (trainTarget != null && !trainTarget.equals(exportDirectory.resolve(prefix + "_train.jsonl"))) {
                report = new ValidationReport(trainTarget.toString(), report.examples(), report.findings());
            }

            ExportResult result = ExportResult.builder()
                .task(request.task())
                .trainingFile(trainTarget)
                .validationFile(split ? validationTarget : null)
                .trainingExamples(written.training)
                .validationExamples(written.validation)
                .belowMinConfidence(index.belowMinConfidence())
                .duplicatesRemoved((int) Math.min(Integer.MAX_VALUE, quality.duplicates()))
                .trainingTokens(trainingTokens)
                .tokensExact(tokensExact)
                .validation(report)
                .build();
            LOG.info("exported {}: {} training and {} validation examples, {} below min confidence, {} duplicates "
                    + "removed, {} conflicting samples overruled, {} samples redacted, {} training tokens",
                request.task(), written.training, written.validation, index.belowMinConfidence(),
                quality.duplicates(), quality.overruled(), written.redactedSamples, trainingTokens);
            return new ExportDetails(result, quality, written.redactedSamples, written.emails, written.phones);
        } catch (IOException | UncheckedIOException e) {
            ExportFiles.cleanUp(temporary, published);
            throw new StoreException("writing the export to " + exportDirectory + " failed", e);
        } catch (RuntimeException e) {
            ExportFiles.cleanUp(temporary, published);
            throw e;
        }
    }

    private Path temp(String base, List<Path> temporary) throws IOException {
        Path p = Files.createTempFile(exportDirectory, "." + base + "-", ".tmp.jsonl");
        temporary.add(p);
        return p;
    }

    /**
     * The task's samples; for preference pairs only corrections that keep the model's original
     * output and changed it, in the same order on both passes.
     */
    private Stream<Sample> read(TaskName name, boolean preference) {
        Stream<Sample> s = samples.read(name);
        return preference ? s.filter(DefaultDatasetExporter::isPair) : s;
    }

    static boolean isPair(Sample s) {
        return !s.original().isEmpty() && !s.original().equals(s.output());
    }

    /** The samples, reported to {@code progress} as read (every {@value #PROGRESS_SAMPLES} and at the end). */
    private static Stream<Sample> counted(Stream<Sample> samples, ProgressListener progress) {
        long[] read = {0};
        progress.progress("read", 0, 0);
        return samples.peek(x -> {
            if (++read[0] % PROGRESS_SAMPLES == 0) {
                progress.progress("read", read[0], 0);
            }
        }).onClose(() -> progress.progress("read", read[0], read[0]));
    }

    private Written write(TaskName name, Task task, SampleIndex index, Path trainTemp, Path validationTemp,
                          boolean preference, CloudFormat cloud, ProgressListener progress) throws IOException {
        Written w = new Written();
        try (Stream<Sample> s = read(name, preference);
             EntrySorter.Cursor decisions = index.decisions();
             BufferedWriter train = Files.newBufferedWriter(trainTemp, StandardCharsets.UTF_8);
             BufferedWriter validation = validationTemp == null ? null
                 : Files.newBufferedWriter(validationTemp, StandardCharsets.UTF_8)) {
            Iterator<Sample> it = s.iterator();
            SampleIndex.Entry next = decisions.next();
            int position = 0;
            progress.progress("write", 0, index.positions());
            while (it.hasNext() && position < index.positions()) {
                Sample sample = it.next();
                int p = position++;
                if (position % PROGRESS_SAMPLES == 0) {
                    progress.progress("write", position, index.positions());
                }
                if (index.named(p)) {
                    index.name(p, sample.id().orElse(null));
                }
                if (next == null || next.position() != p) {
                    continue;
                }
                boolean toValidation = validation != null && next.validation();
                next = decisions.next();
                String line = preference ? renderPair(task, sample, p, w) : render(task, sample, p, w, cloud);
                BufferedWriter out = toValidation ? validation : train;
                out.write(line);
                out.write('\n');
                if (toValidation) {
                    w.validation++;
                } else {
                    w.training++;
                }
            }
            progress.progress("write", index.positions(), index.positions());
        }
        return w;
    }

    private String render(Task task, Sample sample, int position, Written w, CloudFormat cloud) {
        List<ChatMessage> messages = new ArrayList<>();
        try {
            messages.addAll(task.prompt(sample.input()));
            messages.add(ChatMessage.assistant(task.answer(sample.output())));
        } catch (SlabMlException | IllegalArgumentException | NullPointerException e) {
            throw unrenderable(task, sample, position, e);
        }
        boolean[] redacted = {false};
        List<Map<String, Object>> out = messages(messages, w, redacted);
        if (redacted[0]) {
            w.redactedSamples++;
        }
        return cloud == null ? Json.write(Map.of("messages", out)) : cloud.line(out);
    }

    /**
     * One preference pair: the prompt as {@code input.messages}, the corrected output as
     * {@code preferred_output} and the model's original output as {@code non_preferred_output}.
     */
    private String renderPair(Task task, Sample sample, int position, Written w) {
        List<ChatMessage> prompt;
        ChatMessage preferred;
        ChatMessage rejected;
        try {
            prompt = task.prompt(sample.input());
            preferred = ChatMessage.assistant(task.answer(sample.output()));
            rejected = ChatMessage.assistant(task.answer(sample.original()));
        } catch (SlabMlException | IllegalArgumentException | NullPointerException e) {
            throw unrenderable(task, sample, position, e);
        }
        boolean[] redacted = {false};
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("input", Map.of("messages", messages(prompt, w, redacted)));
        line.put("preferred_output", messages(List.of(preferred), w, redacted));
        line.put("non_preferred_output", messages(List.of(rejected), w, redacted));
        if (redacted[0]) {
            w.redactedSamples++;
        }
        return Json.write(line);
    }

    private static InvalidInputException unrenderable(Task task, Sample sample, int position, RuntimeException e) {
        String which = sample.id().orElse("#" + position);
        return new InvalidInputException("sample", "sample " + which + " cannot be rendered by task "
            + task.name() + ": " + e.getMessage());
    }

    private List<Map<String, Object>> messages(List<ChatMessage> messages, Written w, boolean[] redactedOut) {
        List<Map<String, Object>> out = new ArrayList<>(messages.size());
        boolean redacted = false;
        for (ChatMessage m : messages) {
            String content = m.content();
            if (options.redactPersonalData()) {
                Redactor.Result r = Redactor.redact(content);
                if (r.changed()) {
                    redacted = true;
                    w.emails += r.emails();
                    w.phones += r.phones();
                    content = r.text();
                }
            }
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("role", m.role());
            msg.put("content", content);
            out.add(msg);
        }
        redactedOut[0] |= redacted;
        return out;
    }

    private static ValidationReport merge(Path trainTarget, ValidationReport train, ValidationReport validation) {
        List<ValidationFinding> findings = new ArrayList<>(train.findings());
        long examples = train.examples();
        if (validation != null) {
            examples += validation.examples();
            for (ValidationFinding f : validation.findings()) {
                findings.add(new ValidationFinding(f.line(), f.category(), f.severity(),
                    "validation file: " + f.message()));
            }
        }
        return new ValidationReport(trainTarget.toString(), examples, findings);
    }

    /** What the second pass wrote. */
    private static final class Written {
        int training;
        int validation;
        long redactedSamples;
        long emails;
        long phones;
    }
}
