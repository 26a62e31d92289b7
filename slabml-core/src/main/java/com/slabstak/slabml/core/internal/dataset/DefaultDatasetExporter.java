/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Task;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * the first keeps a small entry per sample and decides what is exported (confidence filter,
 * conflict resolution, exact and near-duplicate removal, leak-free stratified split: the rules are
 * in {@link SampleIndex}); the second renders each kept sample with its task
 * ({@code Task.prompt(input)} then the assistant's {@code Task.answer(output)}), optionally redacts
 * e-mail addresses and phone numbers, and writes one {@code {"messages": [...]}} line per sample.
 *
 * <p>Files are written as temporary files in the export directory, validated with
 * {@link DatasetValidator}, and only then moved to
 * {@code <task>_export_<yyyyMMdd'T'HHmmss>_train.jsonl} and {@code ..._validation.jsonl} (UTC,
 * from the clock). On any error the temporary files are deleted: nothing half-written is left.
 *
 * {@code
 * DefaultDatasetExporter exporter = new DefaultDatasetExporter(store, tasks, dataDir.resolve("training_data/exports"), clock);
 * ExportResult r = exporter.export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION).minConfidence(0.8).build());
 * }
 */
public final class DefaultDatasetExporter implements DatasetExporter {
    /** The model whose limits apply when a request names none. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini-2024-07-18";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultDatasetExporter.class);
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
        this.validator = new DatasetValidator(options.modelTable());
    }

    @Override
    public ExportResult export(ExportRequest request) {
        return exportWithDetails(request).result();
    }

    @Override
    public ValidationReport validate(Path file, String model) {
        return validator.validate(file, model);
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
        Objects.requireNonNull(request, "request");
        Task task = tasks.get(request.task());
        if (task == null) {
            throw new InvalidInputException("task", "unknown task '" + request.task() + "'; known tasks: "
                + new TreeMap<>(tasks).keySet());
        }
        String model = request.model().orElse(DEFAULT_MODEL);
        options.modelTable().require(model);

        SampleIndex index;
        try (Stream<Sample> s = samples.read(request.task())) {
            index = SampleIndex.build(s, task, options, request.minConfidence(), request.validationFraction(),
                request.seed());
        }
        QualitySummary quality = index.quality();
        if (index.keptCount() == 0) {
            throw new InvalidInputException("task", "no samples to export for " + request.task() + ": "
                + index.positions() + " stored, " + index.belowMinConfidence() + " below min_confidence "
                + request.minConfidence());
        }

        String stamp = STAMP.format(clock.instant());
        Path trainTarget;
        Path validationTarget;
        int attempt = 1;
        do {
            String base = request.task().value() + "_export_" + stamp + (attempt == 1 ? "" : "_" + attempt);
            trainTarget = exportDirectory.resolve(base + "_train.jsonl");
            validationTarget = exportDirectory.resolve(base + "_validation.jsonl");
            attempt++;
        } while (Files.exists(trainTarget) || Files.exists(validationTarget));
        boolean split = index.validationCount() > 0;

        List<Path> temporary = new ArrayList<>();
        List<Path> moved = new ArrayList<>();
        try {
            Files.createDirectories(exportDirectory);
            Path trainTemp = temp(trainTarget, temporary);
            Path validationTemp = split ? temp(validationTarget, temporary) : null;
            Written written = write(request.task(), task, index, trainTemp, validationTemp);

            DatasetValidator.Scan trainScan = validator.scan(trainTemp, model, true);
            DatasetValidator.Scan validationScan = split ? validator.scan(validationTemp, model, false) : null;
            ValidationReport report = merge(trainTarget, trainScan.report(),
                validationScan == null ? null : validationScan.report());
            if (!report.isValid()) {
                ValidationFinding first = report.errors().get(0);
                throw new InvalidInputException("export", first.line(), "the export would not validate ("
                    + report.errors().size() + " errors): " + first.category() + ": " + first.message(), null);
            }
            if (split) {
                move(validationTemp, validationTarget);
                moved.add(validationTarget);
            }
            move(trainTemp, trainTarget);
            moved.add(trainTarget);

            ExportResult result = ExportResult.builder()
                .task(request.task())
                .trainingFile(trainTarget)
                .validationFile(split ? validationTarget : null)
                .trainingExamples(written.training)
                .validationExamples(written.validation)
                .belowMinConfidence(index.belowMinConfidence())
                .duplicatesRemoved((int) Math.min(Integer.MAX_VALUE, quality.duplicates()))
                .trainingTokens(trainScan.tokens().total())
                .validation(report)
                .build();
            LOG.info("exported {}: {} training and {} validation examples, {} below min confidence, {} duplicates "
                    + "removed, {} conflicting samples overruled, {} samples redacted, {} training tokens",
                request.task(), written.training, written.validation, index.belowMinConfidence(),
                quality.duplicates(), quality.overruled(), written.redactedSamples, trainScan.tokens().total());
            return new ExportDetails(result, quality, written.redactedSamples, written.emails, written.phones);
        } catch (IOException | UncheckedIOException e) {
            cleanUp(temporary, moved);
            throw new StoreException("writing the export to " + exportDirectory + " failed", e);
        } catch (RuntimeException e) {
            cleanUp(temporary, moved);
            throw e;
        }
    }

    private static Path temp(Path target, List<Path> temporary) throws IOException {
        String name = target.getFileName().toString();
        Path p = Files.createTempFile(target.getParent(), "." + name.substring(0, name.length() - ".jsonl".length())
            + "-", ".tmp.jsonl");
        temporary.add(p);
        return p;
    }

    private Written write(TaskName name, Task task, SampleIndex index, Path trainTemp, Path validationTemp)
        throws IOException {
        Written w = new Written();
        try (Stream<Sample> s = samples.read(name);
             BufferedWriter train = Files.newBufferedWriter(trainTemp, StandardCharsets.UTF_8);
             BufferedWriter validation = validationTemp == null ? null
                 : Files.newBufferedWriter(validationTemp, StandardCharsets.UTF_8)) {
            Iterator<Sample> it = s.iterator();
            int position = 0;
            while (it.hasNext() && position < index.positions()) {
                Sample sample = it.next();
                int p = position++;
                if (!index.kept(p)) {
                    continue;
                }
                String line = render(task, sample, p, w);
                boolean toValidation = validation != null && index.validation(p);
                BufferedWriter out = toValidation ? validation : train;
                out.write(line);
                out.write('\n');
                if (toValidation) {
                    w.validation++;
                } else {
                    w.training++;
                }
            }
        }
        return w;
    }

    private String render(Task task, Sample sample, int position, Written w) {
        List<ChatMessage> messages = new ArrayList<>();
        try {
            messages.addAll(task.prompt(sample.input()));
            messages.add(ChatMessage.assistant(task.answer(sample.output())));
        } catch (SlabMlException | IllegalArgumentException | NullPointerException e) {
            String which = sample.id().orElse("#" + position);
            throw new InvalidInputException("sample", "sample " + which + " cannot be rendered by task "
                + task.name() + ": " + e.getMessage());
        }
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
        if (redacted) {
            w.redactedSamples++;
        }
        return Json.write(Map.of("messages", out));
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

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void cleanUp(List<Path> temporary, List<Path> moved) {
        for (Path p : temporary) {
            deleteQuietly(p);
        }
        for (Path p : moved) {
            deleteQuietly(p);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not delete {}", p, e);
        }
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
