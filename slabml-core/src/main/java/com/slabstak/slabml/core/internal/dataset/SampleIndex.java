/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.spi.Task;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
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
 * <li><b>Conflicts:</b> samples whose normalised inputs are equal but whose normalised answers
 * differ conflict. The answer kept is the newest correction by a trusted user (every user is
 * trusted when no trusted users are configured); without one, the answer with the highest summed
 * confidence (ties: the answer with the newest sample). Samples with another answer are left out
 * and reported.</li>
 * <li><b>Duplicates:</b> among samples with the same normalised answer (and group), those whose
 * normalised inputs are equal, or whose inputs' character 3-shingle similarity reaches the
 * threshold (the same card read with small OCR differences), form a cluster; one is kept: the
 * newest correction (trusted first), else the highest confidence, else the oldest.</li>
 * <li><b>Split:</b> samples sharing a normalised answer, a normalised input, or a card (the
 * input's {@code card} for listings) form one unit that goes wholly to one side, so no card and
 * none of its near-duplicates appears in both files. Units are ordered by a hash of their key and
 * the seed, then placed in validation while every {@link Task#group group} they touch stays within
 * its share ({@code round(fraction x group size)}), which stratifies the split by group. Units are
 * found by label propagation over sorted passes (each sample takes the smallest position among
 * those sharing a key, until nothing changes), which needs no per-sample table in memory.</li>
 * </ol>
 */
final class SampleIndex implements AutoCloseable {
    /** Above this many samples with one answer, near duplicates are only looked for among neighbours. */
    private static final int ALL_PAIRS_LIMIT = 2000;
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
    private static final Comparator<Entry> BY_LABEL_CARD = (a, b) -> {
        int c = Long.compare(a.label, b.label);
        if (c == 0) {
            c = Long.compare(a.cardKey, b.cardKey);
        }
        return c != 0 ? c : Integer.compare(a.position, b.position);
    };
    private static final Comparator<Entry> BY_UNIT = (a, b) -> {
        int c = Long.compare(a.unitOrder, b.unitOrder);
        if (c == 0) {
            c = Long.compare(a.unitKey, b.unitKey);
        }
        if (c == 0) {
            c = Long.compare(a.label, b.label);
        }
        return c != 0 ? c : Integer.compare(a.position, b.position);
    };
    private static final Comparator<Entry> BY_POSITION = (a, b) -> Integer.compare(a.position, b.position);
    private static final List<ToLongFunction<Entry>> UNIT_KEYS = List.of(e -> e.outputKey, e -> e.inputKey,
        e -> e.cardKey);

    private final Spill spill;
    private EntrySorter decisions;
    private int positions;
    private int belowMinConfidence;
    private int keptCount;
    private int validationCount;
    private long duplicates;
    private long conflicts;
    private long overruled;
    private final List<ConflictAt> conflictDetails = new ArrayList<>();
    /** Ids of the samples the conflict report names, by position. */
    private final Map<Integer, String> names = new HashMap<>();
    private DiversityReport diversity;

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
        Diversity diversityCounter = new Diversity();
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
        diversity = diversityCounter.report();

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
                        resolveConflict(run);
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
        EntrySorter kept = spill.sorter(split ? linkOrder(UNIT_KEYS.get(0)) : BY_POSITION);
        double threshold = options.nearDuplicateThreshold();
        try (byOutput; EntrySorter.Cursor c = byOutput.sorted()) {
            List<Entry> run = new ArrayList<>();
            for (Entry e = c.next(); ; e = c.next()) {
                if (e == null || !run.isEmpty()
                    && (e.outputKey != run.get(0).outputKey || e.group != run.get(0).group)) {
                    if (run.size() > 1) {
                        dedupeRun(run, threshold);
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
        decisions = split ? split(kept, groupSize, validationFraction, seed) : kept;
    }

    // ---- conflicts --------------------------------------------------------------------------

    private void resolveConflict(List<Entry> run) {
        conflicts++;
        Entry winner = null;
        String rule;
        for (Entry e : run) {
            if (e.trustedCorrection && (winner == null || newer(e, winner))) {
                winner = e;
            }
        }
        if (winner != null) {
            rule = "trusted_correction";
        } else {
            rule = "confidence_vote";
            Map<Long, double[]> votes = new HashMap<>();
            Map<Long, Entry> newest = new HashMap<>();
            for (Entry e : run) {
                votes.computeIfAbsent(e.outputKey, k -> new double[1])[0] += e.confidence;
                newest.merge(e.outputKey, e, (a, b) -> newer(b, a) ? b : a);
            }
            for (Map.Entry<Long, double[]> v : votes.entrySet()) {
                Entry candidate = newest.get(v.getKey());
                if (winner == null) {
                    winner = candidate;
                    continue;
                }
                double best = votes.get(winner.outputKey)[0];
                double mine = v.getValue()[0];
                if (mine > best + 1e-9 || Math.abs(mine - best) <= 1e-9 && newer(candidate, winner)) {
                    winner = candidate;
                }
            }
        }
        List<Integer> losers = new ArrayList<>();
        for (Entry e : run) {
            if (e.outputKey != winner.outputKey) {
                e.dropped = true;
                overruled++;
                if (losers.size() < QualitySummary.MAX_DETAILS) {
                    losers.add(e.position);
                    remember(e);
                }
            }
        }
        if (conflictDetails.size() < QualitySummary.MAX_DETAILS) {
            conflictDetails.add(new ConflictAt(winner.position, losers, rule));
            remember(winner);
        } else {
            losers.forEach(names::remove);
        }
    }

    private void remember(Entry e) {
        names.put(e.position, e.id);
    }

    /** Whether {@code a} was collected after {@code b} (store order breaks ties). */
    private static boolean newer(Entry a, Entry b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.position > b.position;
    }


    // ---- duplicates -------------------------------------------------------------------------

    private void dedupeRun(List<Entry> run, double threshold) {
        int m = run.size();
        UnionFind uf = new UnionFind(m);
        if (m <= ALL_PAIRS_LIMIT) {
            for (int a = 0; a < m; a++) {
                for (int b = a + 1; b < m; b++) {
                    if (similar(run.get(a), run.get(b), threshold)) {
                        uf.union(a, b);
                    }
                }
            }
        } else {
            Integer[] order = new Integer[m];
            for (int a = 0; a < m; a++) {
                order[a] = a;
            }
            java.util.Arrays.sort(order, Comparator.comparingLong((Integer a) -> run.get(a).inputKey)
                .thenComparingLong(a -> run.get(a).sig0));
            for (int k = 1; k < m; k++) {
                for (int back = 1; back <= 8 && k - back >= 0; back++) {
                    if (similar(run.get(order[k]), run.get(order[k - back]), threshold)) {
                        uf.union(order[k], order[k - back]);
                    }
                }
            }
        }
        Map<Integer, Entry> best = new HashMap<>();
        for (int a = 0; a < m; a++) {
            best.merge(uf.find(a), run.get(a), (x, y) -> better(y, x) ? y : x);
        }
        for (int a = 0; a < m; a++) {
            Entry e = run.get(a);
            if (best.get(uf.find(a)) != e) {
                e.dropped = true;
                duplicates++;
            }
        }
    }

    private static boolean similar(Entry a, Entry b, double threshold) {
        return a.inputKey == b.inputKey || Text.packedSimilarity(a.sig0, a.sig1, b.sig0, b.sig1) >= threshold;
    }

    /** Which copy of a duplicate to keep: newest correction (trusted first), highest confidence, oldest. */
    private static boolean better(Entry a, Entry b) {
        int ca = a.trustedCorrection ? 2 : a.correction ? 1 : 0;
        int cb = b.trustedCorrection ? 2 : b.correction ? 1 : 0;
        if (ca != cb) {
            return ca > cb;
        }
        if (ca > 0) {
            return newer(a, b);
        }
        if (a.confidence != b.confidence) {
            return a.confidence > b.confidence;
        }
        return !newer(a, b);
    }


    // ---- split ------------------------------------------------------------------------------

    private static Comparator<Entry> linkOrder(ToLongFunction<Entry> key) {
        return (a, b) -> {
            int c = Long.compare(key.applyAsLong(a), key.applyAsLong(b));
            if (c == 0) {
                c = Long.compare(a.label, b.label);
            }
            return c != 0 ? c : Integer.compare(a.position, b.position);
        };
    }

    /** Places whole units in validation; returns the kept entries in position order. */
    private EntrySorter split(EntrySorter linked, long[] groupSize, double fraction, long seed) {
        int groupCount = groupSize.length;
        // units: each entry takes the smallest position among the entries sharing an answer, an input
        // or a card, key after key, until three passes in a row change nothing
        EntrySorter current = linked;
        int quiet = 0;
        for (int k = 0; quiet < UNIT_KEYS.size(); k = (k + 1) % UNIT_KEYS.size()) {
            ToLongFunction<Entry> key = UNIT_KEYS.get(k);
            EntrySorter next = spill.sorter(linkOrder(UNIT_KEYS.get((k + 1) % UNIT_KEYS.size())));
            boolean changed = false;
            try (EntrySorter source = current; EntrySorter.Cursor c = source.sorted()) {
                long runKey = 0;
                long runLabel = 0;
                boolean first = true;
                for (Entry e = c.next(); e != null; e = c.next()) {
                    long kv = key.applyAsLong(e);
                    if (first || kv != runKey) {
                        runKey = kv;
                        runLabel = e.label;
                        first = false;
                    } else if (e.label != runLabel) {
                        e.label = runLabel;
                        changed = true;
                    }
                    next.add(e);
                }
            }
            current = next;
            quiet = changed ? 0 : quiet + 1;
        }
        // the unit's key: its smallest card key; its place: a hash of that key and the seed
        long seedMix = Text.mix(seed ^ 0x243F6A8885A308D3L);
        EntrySorter byLabel = spill.sorter(BY_LABEL_CARD);
        try (EntrySorter source = current; EntrySorter.Cursor c = source.sorted()) {
            for (Entry e = c.next(); e != null; e = c.next()) {
                byLabel.add(e);
            }
        }
        EntrySorter units = spill.sorter(BY_UNIT);
        try (byLabel; EntrySorter.Cursor c = byLabel.sorted()) {
            long label = 0;
            long unitKey = 0;
            boolean first = true;
            for (Entry e = c.next(); e != null; e = c.next()) {
                if (first || e.label != label) {
                    label = e.label;
                    unitKey = e.cardKey;
                    first = false;
                }
                e.unitKey = unitKey;
                e.unitOrder = Text.mix(unitKey ^ seedMix);
                units.add(e);
            }
        }
        long[] target = new long[groupCount];
        for (int g = 0; g < groupCount; g++) {
            target[g] = Math.round(fraction * groupSize[g]);
        }
        // first pass: which units fit (one bit per unit, in unit order, kept on disk when spilling);
        // second pass: mark their entries
        EntrySorter byPosition = spill.sorter(BY_POSITION);
        try (units; UnitBits bits = spill.bits()) {
            long[] taken = new long[groupCount];
            long[] need = new long[groupCount];
            try (EntrySorter.Cursor c = units.sorted()) {
                Entry e = c.next();
                while (e != null) {
                    long label = e.label;
                    java.util.Arrays.fill(need, 0);
                    while (e != null && e.label == label) {
                        need[e.group]++;
                        e = c.next();
                    }
                    boolean fits = true;
                    for (int g = 0; g < groupCount && fits; g++) {
                        fits = taken[g] + need[g] <= target[g];
                    }
                    if (fits) {
                        for (int g = 0; g < groupCount; g++) {
                            taken[g] += need[g];
                        }
                    }
                    bits.add(fits);
                }
            }
            bits.rewind();
            try (EntrySorter.Cursor c = units.sorted()) {
                Entry e = c.next();
                while (e != null) {
                    long label = e.label;
                    boolean fits = bits.next();
                    while (e != null && e.label == label) {
                        e.validation = fits;
                        if (fits) {
                            validationCount++;
                        }
                        byPosition.add(e);
                        e = c.next();
                    }
                }
            }
        }
        return byPosition;
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
        return names.containsKey(position);
    }

    /** Records the id of a sample the conflict report names, when the index did not keep ids. */
    void name(int position, String id) {
        if (names.containsKey(position) && id != null) {
            names.put(position, id);
        }
    }

    QualitySummary quality() {
        List<QualitySummary.Conflict> details = new ArrayList<>(conflictDetails.size());
        for (ConflictAt c : conflictDetails) {
            List<String> losers = new ArrayList<>(c.losers.size());
            for (int p : c.losers) {
                losers.add(nameOf(p));
            }
            details.add(new QualitySummary.Conflict(nameOf(c.kept), losers, c.rule));
        }
        return new QualitySummary(positions - belowMinConfidence, duplicates, conflicts, overruled, details,
            diversity);
    }

    private String nameOf(int position) {
        String id = names.get(position);
        return id != null ? id : "#" + position;
    }

    /** A conflict by sample positions. */
    private record ConflictAt(int kept, List<Integer> losers, String rule) {
    }


    /** The fixed-size facts kept per sample. */
    static final class Entry {
        final int position;
        final String id;
        final long inputKey;
        final long outputKey;
        final long cardKey;
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

        private Entry(int position, String id, long inputKey, long outputKey, long cardKey, int group,
                      long createdAt, double confidence, boolean correction, boolean trustedCorrection, long sig0,
                      long sig1) {
            this.position = position;
            this.id = id;
            this.inputKey = inputKey;
            this.outputKey = outputKey;
            this.cardKey = cardKey;
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
            Object card = s.input().get("card");
            long cardKey = card instanceof Map ? Text.hash64(Text.canonical((Map<?, ?>) card)) : outputKey;
            String groupName = task.group(s.input());
            Integer group = groups.computeIfAbsent(groupName, k -> groups.size());
            boolean trusted = options.isTrusted(s.userId().orElse(null));
            boolean correction = s.source() == SampleSource.CORRECTION;
            long[] signature = Text.packedMinHash(Text.leafText(s.input()));
            return new Entry(position, keepId ? s.id().orElse(null) : null, inputKey, outputKey, cardKey, group,
                s.createdAt().map(java.time.Instant::toEpochMilli).orElse(Long.MIN_VALUE), s.confidence(),
                correction, correction && trusted, signature[0], signature[1]);
        }

        int position() {
            return position;
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
            out.writeLong(cardKey);
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
            long cardKey = in.readLong();
            int group = in.readInt();
            long createdAt = in.readLong();
            double confidence = in.readDouble();
            long sig0 = in.readLong();
            long sig1 = in.readLong();
            long label = in.readLong();
            long unitKey = in.readLong();
            long unitOrder = in.readLong();
            String id = (flags & 8) != 0 ? in.readUTF() : null;
            Entry e = new Entry(position, id, inputKey, outputKey, cardKey, group, createdAt, confidence,
                (flags & 1) != 0, (flags & 2) != 0, sig0, sig1);
            e.validation = (flags & 4) != 0;
            e.label = label;
            e.unitKey = unitKey;
            e.unitOrder = unitOrder;
            return e;
        }
    }

    /**
     * Where sorted runs go: a temporary directory inside the given directory, created on the first
     * spill and deleted with everything in it on {@link #close()}. Without a directory nothing spills.
     */
    static final class Spill implements AutoCloseable {
        private final Path parent;
        private final int maxInMemory;
        private Path directory;
        private int files;

        Spill(Path parent, int maxInMemory) {
            this.parent = parent;
            this.maxInMemory = maxInMemory;
        }

        boolean enabled() {
            return parent != null;
        }

        EntrySorter sorter(Comparator<Entry> order) {
            return new EntrySorter(order, maxInMemory, this);
        }

        UnitBits bits() {
            return new UnitBits(this);
        }

        Path newFile() {
            try {
                if (directory == null) {
                    Files.createDirectories(parent);
                    directory = Files.createTempDirectory(parent, ".export-index-");
                }
                return directory.resolve("run-" + files++ + ".bin");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void delete(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (directory == null) {
                return;
            }
            try (Stream<Path> s = Files.list(directory)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            directory = null;
        }
    }

    /** A sequence of booleans written once then read once: in memory up to the budget, then on disk. */
    static final class UnitBits implements AutoCloseable {
        private final Spill spill;
        private final java.util.BitSet memory = new java.util.BitSet();
        private int count;
        private int memoryCount;
        private Path file;
        private DataOutputStream out;
        private java.io.DataInputStream in;
        private int read;

        UnitBits(Spill spill) {
            this.spill = spill;
        }

        void add(boolean bit) {
            try {
                if (out == null && file == null && count >= spill.maxInMemory * 8L && spill.enabled()) {
                    file = spill.newFile();
                    out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)));
                }
                if (out != null) {
                    out.writeBoolean(bit);
                } else {
                    memory.set(count, bit);
                    memoryCount++;
                }
                count++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void rewind() {
            try {
                if (out != null) {
                    out.close();
                    out = null;
                    in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean next() {
            int i = read++;
            if (i < memoryCount) {
                return memory.get(i);
            }
            try {
                return in.readBoolean();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                if (out != null) {
                    out.close();
                }
                if (in != null) {
                    in.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (file != null) {
                    Spill.delete(file);
                }
            }
        }
    }

    /** Disjoint sets over 0..n-1 with path halving. */
    private static final class UnionFind {
        private final int[] parent;

        UnionFind(int n) {
            parent = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = i;
            }
        }

        int find(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        }
    }
}
