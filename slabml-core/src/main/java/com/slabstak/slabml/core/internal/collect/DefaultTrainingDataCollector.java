/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.collect;

import com.slabstak.slabml.DatasetStats;
import com.slabstak.slabml.Diversity;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Readiness;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrainingDataCollector;
import com.slabstak.slabml.core.internal.RecordIds;
import com.slabstak.slabml.core.internal.dataset.DatasetQuality;
import com.slabstak.slabml.core.internal.dataset.ExportOptions;
import com.slabstak.slabml.core.internal.dataset.QualitySummary;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Task;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates samples through their task and appends them to the sample store; computes dataset
 * statistics, readiness, duplicates, conflicts and diversity (counts summed over tasks, each
 * warning prefixed with its task). Samples are stored as structured input and output, never as rendered
 * prompts, so a changed prompt re-renders old data at export. Internal.
 *
 * {@code TrainingDataCollector c = new DefaultTrainingDataCollector(stores.samples(), tasks, clock);}
 */
public final class DefaultTrainingDataCollector implements TrainingDataCollector {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultTrainingDataCollector.class);

    private final SampleStore store;
    private final Map<TaskName, Task> tasks;
    private final Clock clock;
    private final ExportOptions options;

    /** Creates a collector writing to {@code store} for the given tasks, with the default export options. */
    public DefaultTrainingDataCollector(SampleStore store, Map<TaskName, Task> tasks, Clock clock) {
        this(store, tasks, clock, ExportOptions.defaults());
    }

    /**
     * Creates a collector whose statistics count duplicates and conflicts with {@code options}
     * (trusted users, near-duplicate threshold), as the exporter does.
     */
    public DefaultTrainingDataCollector(SampleStore store, Map<TaskName, Task> tasks, Clock clock, ExportOptions options) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Map.copyOf(Objects.requireNonNull(tasks, "tasks"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public Sample collect(Sample sample) {
        Sample stored = prepare(sample);
        store.append(stored);
        LOG.debug("collected {} sample {} from {}", stored.task(), stored.id().orElse(""), stored.source());
        return stored;
    }

    @Override
    public CompletableFuture<Sample> collectAsync(Sample sample) {
        Sample stored = prepare(sample);
        CompletableFuture<Void> acknowledged = store.appendAsync(stored);
        LOG.debug("handed {} sample {} from {} to the store", stored.task(), stored.id().orElse(""), stored.source());
        return acknowledged.thenApply(ignored -> stored);
    }

    /** Checks the sample through its task and assigns its id and time when unset. */
    private Sample prepare(Sample sample) {
        Objects.requireNonNull(sample, "sample");
        Task task = tasks.get(sample.task());
        if (task == null) {
            throw new InvalidInputException("task", "unknown task '" + sample.task() + "' (known: "
                + new TreeMap<>(tasks).keySet() + ")");
        }
        task.validateInput(sample.input());
        task.validateOutput(sample.output());
        if (sample.id().isPresent() && sample.createdAt().isPresent()) {
            return sample;
        }
        Instant now = clock.instant();
        Sample.Builder b = sample.toBuilder();
        if (sample.id().isEmpty()) {
            b.id(RecordIds.next(now));
        }
        if (sample.createdAt().isEmpty()) {
            b.createdAt(now);
        }
        return b.build();
    }

    @Override
    public DatasetStats stats() {
        return stats(new TreeMap<>(tasks), true);
    }

    @Override
    public DatasetStats stats(TaskName task) {
        Objects.requireNonNull(task, "task");
        Task t = tasks.get(task);
        if (t == null) {
            throw new InvalidInputException("task", "unknown task '" + task + "' (known: "
                + new TreeMap<>(tasks).keySet() + ")");
        }
        return stats(Map.of(task, t), false);
    }

    /** Statistics over {@code selected}; with {@code namedWarnings} each diversity warning starts with its task. */
    private DatasetStats stats(Map<TaskName, Task> selected, boolean namedWarnings) {
        DatasetStats.Builder stats = DatasetStats.builder();
        Map<SampleSource, Long> perSource = new EnumMap<>(SampleSource.class);
        long total = 0;
        double confidenceSum = 0;
        long duplicates = 0;
        long conflicts = 0;
        Map<String, Map<String, Long>> coverage = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<TaskName, Task> e : selected.entrySet()) {
            Task task = e.getValue();
            Map<String, Long> groups = new TreeMap<>();
            long count = 0;
            try (Stream<Sample> samples = store.read(e.getKey())) {
                Iterator<Sample> it = samples.iterator();
                while (it.hasNext()) {
                    Sample s = it.next();
                    count++;
                    confidenceSum += s.confidence();
                    perSource.merge(s.source(), 1L, Long::sum);
                    groups.merge(groupOf(task, s), 1L, Long::sum);
                }
            }
            total += count;
            stats.putSamplesPerTask(e.getKey(), count);
            if (groups.isEmpty()) {
                groups.put("all", 0L);
            }
            for (Map.Entry<String, Long> g : groups.entrySet()) {
                stats.addReadiness(new Readiness(e.getKey(), g.getKey(), g.getValue(), task.minimumSamples()));
            }
            if (count > 0) {
                try (Stream<Sample> samples = store.read(e.getKey())) {
                    QualitySummary quality = DatasetQuality.analyze(samples, task, options);
                    duplicates += quality.duplicates();
                    conflicts += quality.conflicts();
                    Diversity diversity = quality.diversity();
                    diversity.counts().forEach((dimension, values) -> values.forEach((value, n) ->
                        coverage.computeIfAbsent(dimension, d -> new TreeMap<>()).merge(value, n, Long::sum)));
                    diversity.warnings().forEach(w -> warnings.add(namedWarnings ? e.getKey() + ": " + w : w));
                }
            }
        }
        Map<SampleSource, Long> orderedSources = new LinkedHashMap<>(perSource);
        return stats.totalSamples(total)
            .samplesPerSource(orderedSources)
            .averageConfidence(total == 0 ? 0.0 : confidenceSum / total)
            .duplicates(duplicates)
            .conflicts(conflicts)
            .diversity(Diversity.of(coverage, warnings))
            .skippedLines(store.skippedLines())
            .build();
    }

    private static String groupOf(Task task, Sample s) {
        try {
            return task.group(s.input());
        } catch (RuntimeException e) {
            LOG.warn("sample {} of {} has an input the task cannot group; counted as 'invalid'",
                s.id().orElse("?"), s.task());
            return "invalid";
        }
    }
}
