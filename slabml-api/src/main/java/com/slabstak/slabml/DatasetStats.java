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
 *
 * @param totalSamples all samples
 * @param samplesPerTask samples per task
 * @param samplesPerSource samples per source
 * @param averageConfidence mean confidence over all samples, 0 when empty
 * @param readiness readiness per task and group
 * @param duplicates samples that are exact or near duplicates of another
 * @param conflicts inputs labelled with conflicting answers
 * @param diversity what the samples cover, over all tasks; {@link Diversity#empty()} unless computed
 * @param skippedLines the stored lines the store could not read and skipped (the samples counted here do not include them); empty when every line read
 * @since 0.1
 */
public record DatasetStats(
    long totalSamples,
    Map<TaskName, Long> samplesPerTask,
    Map<SampleSource, Long> samplesPerSource,
    double averageConfidence,
    List<Readiness> readiness,
    long duplicates,
    long conflicts,
    Diversity diversity,
    List<SkippedLine> skippedLines
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param totalSamples all samples
     * @param samplesPerTask samples per task
     * @param samplesPerSource samples per source
     * @param averageConfidence mean confidence over all samples, 0 when empty
     * @param readiness readiness per task and group
     * @param duplicates samples that are exact or near duplicates of another
     * @param conflicts inputs labelled with conflicting answers
     * @param diversity what the samples cover, over all tasks; {@link Diversity#empty()} unless computed
     * @param skippedLines the stored lines the store could not read and skipped (the samples counted here do not include them); empty when every line read
     */
    public DatasetStats {
        samplesPerTask = Collections.unmodifiableMap(new LinkedHashMap<>(samplesPerTask));
        samplesPerSource = Collections.unmodifiableMap(new LinkedHashMap<>(samplesPerSource));
        readiness = List.copyOf(readiness);
        skippedLines = List.copyOf(skippedLines);
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with no value set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from this value.
     *
     * @return a builder holding this value's components
     */
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

    /**
     * Returns whether every group of the task has enough samples.
     *
     * @param task the task
     * @return whether every group of the task has enough samples
     */
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

        /**
         * Sets all samples.
         *
         * @param totalSamples all samples
         * @return this builder
         */
        public Builder totalSamples(long totalSamples) {
            this.totalSamples = totalSamples;
            return this;
        }

        /**
         * Sets samples per task.
         *
         * @param samplesPerTask samples per task
         * @return this builder
         */
        public Builder samplesPerTask(Map<? extends TaskName, ? extends Long> samplesPerTask) {
            this.samplesPerTask.clear();
            this.samplesPerTask.putAll(Objects.requireNonNull(samplesPerTask, "samplesPerTask"));
            return this;
        }

        /**
         * Puts one entry of {@code samplesPerTask}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putSamplesPerTask(TaskName key, Long value) {
            this.samplesPerTask.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Sets samples per source.
         *
         * @param samplesPerSource samples per source
         * @return this builder
         */
        public Builder samplesPerSource(Map<? extends SampleSource, ? extends Long> samplesPerSource) {
            this.samplesPerSource.clear();
            this.samplesPerSource.putAll(Objects.requireNonNull(samplesPerSource, "samplesPerSource"));
            return this;
        }

        /**
         * Puts one entry of {@code samplesPerSource}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putSamplesPerSource(SampleSource key, Long value) {
            this.samplesPerSource.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Sets mean confidence over all samples, 0 when empty.
         *
         * @param averageConfidence mean confidence over all samples, 0 when empty
         * @return this builder
         */
        public Builder averageConfidence(double averageConfidence) {
            this.averageConfidence = averageConfidence;
            return this;
        }

        /**
         * Sets readiness per task and group.
         *
         * @param readiness readiness per task and group
         * @return this builder
         */
        public Builder readiness(java.util.Collection<? extends Readiness> readiness) {
            this.readiness.clear();
            this.readiness.addAll(Objects.requireNonNull(readiness, "readiness"));
            return this;
        }

        /**
         * Adds one element to {@code readiness}.
         *
         * @param readiness the element
         * @return this builder
         */
        public Builder addReadiness(Readiness readiness) {
            this.readiness.add(Objects.requireNonNull(readiness, "readiness"));
            return this;
        }

        /**
         * Sets samples that are exact or near duplicates of another.
         *
         * @param duplicates samples that are exact or near duplicates of another
         * @return this builder
         */
        public Builder duplicates(long duplicates) {
            this.duplicates = duplicates;
            return this;
        }

        /**
         * Sets inputs labelled with conflicting answers.
         *
         * @param conflicts inputs labelled with conflicting answers
         * @return this builder
         */
        public Builder conflicts(long conflicts) {
            this.conflicts = conflicts;
            return this;
        }

        /**
         * Sets what the samples cover, over all tasks; {@link Diversity#empty()} unless computed.
         *
         * @param diversity what the samples cover, over all tasks; {@link Diversity#empty()} unless computed
         * @return this builder
         */
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

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public DatasetStats build() {
            return new DatasetStats(totalSamples, samplesPerTask, samplesPerSource, averageConfidence, readiness, duplicates, conflicts, diversity, skippedLines);
        }
    }
}
