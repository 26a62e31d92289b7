/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.Diversity;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.spi.Task;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One streaming pass over a task's samples that decides, per sample position, whether it is
 * exported and on which side of the split. Keeps a small fixed-size entry per sample (hashes,
 * time, confidence, a 16-byte MinHash signature), never the samples themselves, and holds at most
 * a memory budget of them: beyond it the entries go to sorted runs in a temporary directory and
 * every later step is a streaming pass over a merge of those runs (an external merge sort), so
 * the memory used does not grow with the number of samples. Only a set of samples that share one
 * normalised input (conflicts) or one normalised answer (duplicates) is held in memory at a time.
 * The decisions do not depend on the budget.
 *
 * <p>Rules, in order:
 * <ol>
 * <li><b>Confidence:</b> samples below the minimum are left out.</li>
 * <li><b>Conflicts:</b> samples with equal normalised inputs and differing answers; one answer is
 * kept ({@link Conflicts}).</li>
 * <li><b>Duplicates:</b> exact and near copies among samples with one answer; one is kept
 * ({@link Duplicates}).</li>
 * <li><b>Split:</b> whole units of samples sharing an answer, an input or the task's split key go
 * to one side, stratified by group ({@link UnitSplit}).</li>
 * </ol>
 * What the kept samples cover is counted on the way ({@link DiversityCounter}).
 */
final class SampleIndex implements AutoCloseable {
    /** Heap per entry held in memory (object, fields, list slot), to turn the byte budget into entries. */
    private static final long ENTRY_BYTES = 160;

    // orders written out (not chained comparators): sorting is a large part of the index's time
    private static final Comparator<Entry> BY_INPUT = (a, b) -> {
        int c = Long.compare(a.inputKey, b.inputKey);
        return c != 0 ? c : Integer.compare(a.position, b.position);
    };
    private static final Comparator<Entry> BY_OUTPUT_GROUP = (a, b) -> {
        int c = Long.compare(a.outputKey, b.outputKey);
        if (c == 0) {
            c = Integer.compare(a.group, b.group);
        }
        return c != 0 ? c : Integer.compare(a.position, b.position);
    };
    static final Comparator<Entry> BY_POSITION = (a, b) -> Integer.compare(a.position, b.position);

    private final Spill spill;
    private EntrySorter decisions;
    private int positions;
    private int belowMinConfidence;
    private int keptCount;
    private int validationCount;
    private long duplicates;
    private final Conflicts conflicts = new Conflicts();
    private Diversity diversity;

    private SampleIndex(Spill spill) {
        this.spill = spill;
    }

    /**
     * Reads the samples once and decides, in memory. With {@code keepIds} the index keeps each
     * sample's id for the conflict report; without, the caller names the samples later with
     * {@link #name}.
     */
    static SampleIndex build(Stream<Sample> samples, Task task, ExportOptions options, double minConfidence,
                             double validationFraction, long seed, boolean keepIds) {
        return build(samples, task, options, minConfidence, validationFraction, seed, keepIds, null);
    }

    /**
     * Reads the samples once and decides. With a {@code spillDirectory}, entries beyond
     * {@link ExportOptions#indexMemoryBytes()} go to a temporary directory created inside it, which
     * {@link #close()} deletes (as does a failure here); without, everything stays in memory.
     */
    static SampleIndex build(Stream<Sample> samples, Task task, ExportOptions options, double minConfidence,
                             double validationFraction, long seed, boolean keepIds, Path spillDirectory) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(task, "task");
        int maxInMemory = spillDirectory == null ? Integer.MAX_VALUE
            : (int) Math.max(8, Math.min(Integer.MAX_VALUE, options.indexMemoryBytes() / ENTRY_BYTES / 2));
        SampleIndex index = new SampleIndex(new Spill(spillDirectory, maxInMemory));
        try {
            index.decide(samples, task, options, minConfidence, validationFraction, seed, keepIds);
            return index;
        } catch (RuntimeException | Error e) {
            index.close();
            throw e;
        }
    }

    private void decide(Stream<Sample> samples, Task task, ExportOptions options, double minConfidence,
                        double validationFraction, long seed, boolean keepIds) {
        DiversityCounter diversityCounter = new DiversityCounter(task);
        Map<String, Integer> groups = new LinkedHashMap<>();
        EntrySorter byInput = spill.sorter(BY_INPUT);
        samples.forEachOrdered(s -> {
            int position = positions++;
            if (s.confidence() < minConfidence) {
                belowMinConfidence++;
                return;
            }
            diversityCounter.add(s);
            byInput.add(Entry.of(position, s, task, options, groups, keepIds));
        });
        diversity = diversityCounter.diversity();

        // conflicts, one set of equal inputs at a time
        EntrySorter byOutput = spill.sorter(BY_OUTPUT_GROUP);
        try (byInput; EntrySorter.Cursor c = byInput.sorted()) {
            List<Entry> run = new ArrayList<>();
            for (Entry e = c.next(); ; e = c.next()) {
                if (e == null || !run.isEmpty() && e.inputKey != run.get(0).inputKey) {
                    boolean differ = false;
                    for (Entry r : run) {
                        differ |= r.outputKey != run.get(0).outputKey;
                    }
                    if (differ) {
                        conflicts.resolve(run);
                    }
                    for (Entry r : run) {
                        if (!r.dropped) {
                            byOutput.add(r);
                        }
                    }
                    run.clear();
                }
                if (e == null) {
                    break;
                }
                run.add(e);
            }
        }

        // duplicates, one set of equal answers (and group) at a time
        boolean split = validationFraction > 0.0;
        long[] groupSize = new long[groups.size()];
        EntrySorter kept = spill.sorter(split ? UnitSplit.inputOrder() : BY_POSITION);
        double threshold = options.nearDuplicateThreshold();
        try (byOutput; EntrySorter.Cursor c = byOutput.sorted()) {
            List<Entry> run = new ArrayList<>();
            for (Entry e = c.next(); ; e = c.next()) {
                if (e == null || !run.isEmpty()
                    && (e.outputKey != run.get(0).outputKey || e.group != run.get(0).group)) {
                    if (run.size() > 1) {
                        duplicates += Duplicates.dedupe(run, threshold);
                    }
                    for (Entry r : run) {
                        if (!r.dropped) {
                            keptCount++;
                            groupSize[r.group]++;
                            r.label = r.position;
                            kept.add(r);
                        }
                    }
                    run.clear();
                }
                if (e == null) {
                    break;
                }
                run.add(e);
            }
        }
        if (split) {
            UnitSplit units = new UnitSplit(spill);
            decisions = units.split(kept, groupSize, validationFraction, seed);
            validationCount = units.validationCount();
        } else {
            decisions = kept;
        }
    }

    // ---- results ----------------------------------------------------------------------------

    /**
     * The exported samples in store order (then null), with {@link Entry#position()} and
     * {@link Entry#validation()}. Read once, while the index is open.
     */
    EntrySorter.Cursor decisions() {
        return decisions.sorted();
    }

    /** Deletes the temporary files. */
    @Override
    public void close() {
        if (decisions != null) {
            decisions.close();
        }
        spill.close();
    }

    /** Samples the pass saw; later ones were appended since and are not exported. */
    int positions() {
        return positions;
    }

    int belowMinConfidence() {
        return belowMinConfidence;
    }

    int keptCount() {
        return keptCount;
    }

    int validationCount() {
        return validationCount;
    }

    /** Whether the conflict report names the sample at this position (see {@link #name}). */
    boolean named(int position) {
        return conflicts.named(position);
    }

    /** Records the id of a sample the conflict report names, when the index did not keep ids. */
    void name(int position, String id) {
        conflicts.name(position, id);
    }

    QualitySummary quality() {
        return new QualitySummary(positions - belowMinConfidence, duplicates, conflicts.conflicts(),
            conflicts.overruled(), conflicts.details(), diversity);
    }


    /** The fixed-size facts kept per sample. */
    static final class Entry {
        final int position;
        final String id;
        final long inputKey;
        final long outputKey;
        final long splitKey;
        final int group;
        final long createdAt;
        final double confidence;
        final boolean correction;
        final boolean trustedCorrection;
        final long sig0;
        final long sig1;
        boolean dropped;
        long label;
        long unitKey;
        long unitOrder;
        boolean validation;

        private Entry(int position, String id, long inputKey, long outputKey, long splitKey, int group,
                      long createdAt, double confidence, boolean correction, boolean trustedCorrection, long sig0,
                      long sig1) {
            this.position = position;
            this.id = id;
            this.inputKey = inputKey;
            this.outputKey = outputKey;
            this.splitKey = splitKey;
            this.group = group;
            this.createdAt = createdAt;
            this.confidence = confidence;
            this.correction = correction;
            this.trustedCorrection = trustedCorrection;
            this.sig0 = sig0;
            this.sig1 = sig1;
        }

        static Entry of(int position, Sample s, Task task, ExportOptions options, Map<String, Integer> groups,
                        boolean keepId) {
            long inputKey = Text.hash64(Text.canonical(s.input()));
            long outputKey = Text.hash64(Text.canonical(s.output()));
            Object key = task.splitKey(s.input(), s.output());
            long splitKey = key == null ? outputKey : Text.hash64(Text.canonicalValue(key));
            String groupName = task.group(s.input());
            Integer group = groups.computeIfAbsent(groupName, k -> groups.size());
            boolean trusted = options.isTrusted(s.userId().orElse(null));
            boolean correction = s.source() == SampleSource.CORRECTION;
            long[] signature = Text.packedMinHash(Text.leafText(s.input()));
            return new Entry(position, keepId ? s.id().orElse(null) : null, inputKey, outputKey, splitKey, group,
                s.createdAt().map(java.time.Instant::toEpochMilli).orElse(Long.MIN_VALUE), s.confidence(),
                correction, correction && trusted, signature[0], signature[1]);
        }

        int position() {
            return position;
        }

        /** Whether {@code a} was collected after {@code b} (store order breaks ties). */
        static boolean newer(Entry a, Entry b) {
            return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.position > b.position;
        }

        boolean validation() {
            return validation;
        }

        void write(DataOutput out) throws IOException {
            out.writeInt(position);
            out.writeByte((correction ? 1 : 0) | (trustedCorrection ? 2 : 0) | (validation ? 4 : 0)
                | (id != null ? 8 : 0));
            out.writeLong(inputKey);
            out.writeLong(outputKey);
            out.writeLong(splitKey);
            out.writeInt(group);
            out.writeLong(createdAt);
            out.writeDouble(confidence);
            out.writeLong(sig0);
            out.writeLong(sig1);
            out.writeLong(label);
            out.writeLong(unitKey);
            out.writeLong(unitOrder);
            if (id != null) {
                out.writeUTF(id);
            }
        }

        /** Reads an entry {@link #write} wrote; EOFException at the end. */
        static Entry read(DataInput in) throws IOException {
            int position = in.readInt();
            int flags = in.readByte();
            long inputKey = in.readLong();
            long outputKey = in.readLong();
            long splitKey = in.readLong();
            int group = in.readInt();
            long createdAt = in.readLong();
            double confidence = in.readDouble();
            long sig0 = in.readLong();
            long sig1 = in.readLong();
            long label = in.readLong();
            long unitKey = in.readLong();
            long unitOrder = in.readLong();
            String id = (flags & 8) != 0 ? in.readUTF() : null;
            Entry e = new Entry(position, id, inputKey, outputKey, splitKey, group, createdAt, confidence,
                (flags & 1) != 0, (flags & 2) != 0, sig0, sig1);
            e.validation = (flags & 4) != 0;
            e.label = label;
            e.unitKey = unitKey;
            e.unitOrder = unitOrder;
            return e;
        }
    }
}
