/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the collector holds: totals per task and source, average confidence, readiness against
 * the minimums (50 samples for card identification, 30 per platform and tone for listings),
 * duplicates, conflicts and what the data covers ({@link Diversity}).
 */
public final class DatasetStats {
    private final long totalSamples;
    private final Map<TaskName, Long> samplesPerTask;
    private final Map<SampleSource, Long> samplesPerSource;
    private final double averageConfidence;
    private final List<Readiness> readiness;
    private final long duplicates;
    private final long conflicts;
    private final Diversity diversity;
    private final List<SkippedLine> skippedLines;

    private DatasetStats(Builder b) {
        this.totalSamples = b.totalSamples;
        this.samplesPerTask = Collections.unmodifiableMap(new LinkedHashMap<>(b.samplesPerTask));
        this.samplesPerSource = Collections.unmodifiableMap(new LinkedHashMap<>(b.samplesPerSource));
        this.averageConfidence = b.averageConfidence;
        this.readiness = List.copyOf(b.readiness);
        this.duplicates = b.duplicates;
        this.conflicts = b.conflicts;
        this.diversity = b.diversity;
        this.skippedLines = List.copyOf(b.skippedLines);
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.totalSamples = this.totalSamples;
        b.samplesPerTask.putAll(this.samplesPerTask);
        b.samplesPerSource.putAll(this.samplesPerSource);
        b.averageConfidence = this.averageConfidence;
        b.readiness.addAll(this.readiness);
        b.duplicates = this.duplicates;
        b.conflicts = this.conflicts;
        b.diversity = this.diversity;
        b.skippedLines.addAll(this.skippedLines);
        return b;
    }

    /** All samples. */
    public long totalSamples() {
        return totalSamples;
    }

    /** Samples per task. */
    public Map<TaskName, Long> samplesPerTask() {
        return samplesPerTask;
    }

    /** Samples per source. */
    public Map<SampleSource, Long> samplesPerSource() {
        return samplesPerSource;
    }

    /** Mean confidence over all samples, 0 when empty. */
    public double averageConfidence() {
        return averageConfidence;
    }

    /** Readiness per task and group. */
    public List<Readiness> readiness() {
        return readiness;
    }

    /** Samples that are exact or near duplicates of another. */
    public long duplicates() {
        return duplicates;
    }

    /** Inputs labelled with conflicting answers. */
    public long conflicts() {
        return conflicts;
    }

    /** What the samples cover, over all tasks; {@link Diversity#empty()} unless computed. */
    public Diversity diversity() {
        return diversity;
    }

    /**
     * Returns the stored lines the store could not read and skipped (the samples counted here do
     * not include them); empty when every line read.
     *
     * @return the skipped lines, oldest first
     * @since 0.2
     */
    public List<SkippedLine> skippedLines() {
        return skippedLines;
    }

    /** Returns whether every group of the task has enough samples. */
    public boolean isReady(TaskName task) {
        boolean any = false;
        for (Readiness r : readiness) {
            if (r.task().equals(task)) {
                any = true;
                if (!r.ready()) {
                    return false;
                }
            }
        }
        return any;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DatasetStats)) {
            return false;
        }
        DatasetStats that = (DatasetStats) o;
        return Objects.equals(totalSamples, that.totalSamples)
            && Objects.equals(samplesPerTask, that.samplesPerTask)
            && Objects.equals(samplesPerSource, that.samplesPerSource)
            && Objects.equals(averageConfidence, that.averageConfidence)
            && Objects.equals(readiness, that.readiness)
            && Objects.equals(duplicates, that.duplicates)
            && Objects.equals(conflicts, that.conflicts)
            && Objects.equals(diversity, that.diversity)
            && Objects.equals(skippedLines, that.skippedLines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(totalSamples, samplesPerTask, samplesPerSource, averageConfidence, readiness, duplicates, conflicts,
            diversity, skippedLines);
    }

    @Override
    public String toString() {
        return "DatasetStats{"
            + "totalSamples=" + totalSamples
            + ", samplesPerTask=" + samplesPerTask
            + ", samplesPerSource=" + samplesPerSource
            + ", averageConfidence=" + averageConfidence
            + ", readiness=" + readiness
            + ", duplicates=" + duplicates
            + ", conflicts=" + conflicts
            + ", diversity=" + diversity
            + ", skippedLines=" + skippedLines
            + '}';
    }

    /** Builds DatasetStats values. */
    public static final class Builder {
        private long totalSamples;
        private final Map<TaskName, Long> samplesPerTask = new LinkedHashMap<>();
        private final Map<SampleSource, Long> samplesPerSource = new LinkedHashMap<>();
        private double averageConfidence;
        private final List<Readiness> readiness = new ArrayList<>();
        private long duplicates;
        private long conflicts;
        private Diversity diversity = Diversity.empty();
        private final List<SkippedLine> skippedLines = new ArrayList<>();

        private Builder() {
        }

        public Builder totalSamples(long totalSamples) {
            this.totalSamples = totalSamples;
            return this;
        }

        public Builder samplesPerTask(Map<? extends TaskName, ? extends Long> samplesPerTask) {
            this.samplesPerTask.clear();
            this.samplesPerTask.putAll(Objects.requireNonNull(samplesPerTask, "samplesPerTask"));
            return this;
        }

        public Builder putSamplesPerTask(TaskName key, Long value) {
            this.samplesPerTask.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public Builder samplesPerSource(Map<? extends SampleSource, ? extends Long> samplesPerSource) {
            this.samplesPerSource.clear();
            this.samplesPerSource.putAll(Objects.requireNonNull(samplesPerSource, "samplesPerSource"));
            return this;
        }

        public Builder putSamplesPerSource(SampleSource key, Long value) {
            this.samplesPerSource.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public Builder averageConfidence(double averageConfidence) {
            this.averageConfidence = averageConfidence;
            return this;
        }

        public Builder readiness(java.util.Collection<? extends Readiness> readiness) {
            this.readiness.clear();
            this.readiness.addAll(Objects.requireNonNull(readiness, "readiness"));
            return this;
        }

        public Builder addReadines(Readiness readines) {
            this.readiness.add(Objects.requireNonNull(readines, "readines"));
            return this;
        }

        public Builder duplicates(long duplicates) {
            this.duplicates = duplicates;
            return this;
        }

        public Builder conflicts(long conflicts) {
            this.conflicts = conflicts;
            return this;
        }

        public Builder diversity(Diversity diversity) {
            this.diversity = Objects.requireNonNull(diversity, "diversity");
            return this;
        }

        /**
         * Sets the lines the store skipped.
         *
         * @param skippedLines the skipped lines
         * @return this builder
         * @since 0.2
         */
        public Builder skippedLines(java.util.Collection<SkippedLine> skippedLines) {
            this.skippedLines.clear();
            this.skippedLines.addAll(Objects.requireNonNull(skippedLines, "skippedLines"));
            return this;
        }

        public DatasetStats build() {
            return new DatasetStats(this);
        }
    }
}
