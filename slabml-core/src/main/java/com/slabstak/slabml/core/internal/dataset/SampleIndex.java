/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.spi.Task;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One streaming pass over a task's samples that decides, per sample position, whether it is
 * exported and on which side of the split. Keeps a small fixed-size entry per sample (about 100
 * bytes: hashes, time, confidence, a 16-byte MinHash signature), never the samples themselves.
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
 * its share ({@code round(fraction x group size)}), which stratifies the split by group.</li>
 * </ol>
 */
final class SampleIndex {
    /** Above this many samples with one answer, near duplicates are only looked for among neighbours. */
    private static final int ALL_PAIRS_LIMIT = 2000;

    private final BitSet kept = new BitSet();
    private final BitSet validation = new BitSet();
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

    private SampleIndex() {
    }

    /**
     * Reads the samples once and decides. With {@code keepIds} the index keeps each sample's id for
     * the conflict report; without, the caller names the samples later with {@link #name}.
     */
    static SampleIndex build(Stream<Sample> samples, Task task, ExportOptions options, double minConfidence,
                             double validationFraction, long seed, boolean keepIds) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(task, "task");
        SampleIndex index = new SampleIndex();
        Diversity diversity = new Diversity();
        Map<String, Integer> groups = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        samples.forEachOrdered(s -> {
            int position = index.positions++;
            if (s.confidence() < minConfidence) {
                index.belowMinConfidence++;
                return;
            }
            diversity.add(s);
            entries.add(Entry.of(position, s, task, options, groups, keepIds));
        });
        index.diversity = diversity.report();
        index.resolveConflicts(entries);
        List<Entry> survivors = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (!e.dropped) {
                survivors.add(e);
            }
        }
        index.removeDuplicates(survivors, options.nearDuplicateThreshold());
        List<Entry> keptEntries = new ArrayList<>(survivors.size());
        for (Entry e : survivors) {
            if (!e.dropped) {
                keptEntries.add(e);
                index.kept.set(e.position);
            }
        }
        index.keptCount = keptEntries.size();
        if (validationFraction > 0.0) {
            index.split(keptEntries, groups.size(), validationFraction, seed);
        }
        return index;
    }

    // ---- conflicts --------------------------------------------------------------------------

    private void resolveConflicts(List<Entry> entries) {
        List<Entry> byInput = new ArrayList<>(entries);
        byInput.sort(Comparator.comparingLong((Entry e) -> e.inputKey).thenComparingInt(e -> e.position));
        for (int i = 0; i < byInput.size(); ) {
            int j = i + 1;
            boolean differ = false;
            while (j < byInput.size() && byInput.get(j).inputKey == byInput.get(i).inputKey) {
                differ |= byInput.get(j).outputKey != byInput.get(i).outputKey;
                j++;
            }
            if (differ) {
                resolveConflict(byInput.subList(i, j));
            }
            i = j;
        }
    }

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

    private void removeDuplicates(List<Entry> entries, double threshold) {
        List<Entry> byOutput = new ArrayList<>(entries);
        byOutput.sort(Comparator.comparingLong((Entry e) -> e.outputKey).thenComparingInt(e -> e.group)
            .thenComparingInt(e -> e.position));
        for (int i = 0; i < byOutput.size(); ) {
            int j = i + 1;
            while (j < byOutput.size() && byOutput.get(j).outputKey == byOutput.get(i).outputKey
                && byOutput.get(j).group == byOutput.get(i).group) {
                j++;
            }
            if (j - i > 1) {
                dedupeRun(byOutput.subList(i, j), threshold);
            }
            i = j;
        }
    }

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

    private void split(List<Entry> entries, int groupCount, double fraction, long seed) {
        int n = entries.size();
        for (int i = 0; i < n; i++) {
            entries.get(i).index = i;
        }
        // units: samples linked by a shared answer, input or card (sorting, not hash maps, to keep memory small)
        UnionFind uf = new UnionFind(n);
        List<Entry> sorted = new ArrayList<>(entries);
        linkEqual(uf, sorted, e -> e.outputKey);
        linkEqual(uf, sorted, e -> e.inputKey);
        linkEqual(uf, sorted, e -> e.cardKey);
        int[] root = new int[n];
        long[] unitKey = new long[n];
        java.util.Arrays.fill(unitKey, Long.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            root[i] = uf.find(i);
            unitKey[root[i]] = Math.min(unitKey[root[i]], entries.get(i).cardKey);
        }
        long[] groupSize = new long[groupCount];
        for (Entry e : entries) {
            groupSize[e.group]++;
        }
        long[] target = new long[groupCount];
        for (int g = 0; g < groupCount; g++) {
            target[g] = Math.round(fraction * groupSize[g]);
        }
        // units in an order fixed by their key and the seed; members of a unit end up adjacent
        long seedMix = Text.mix(seed ^ 0x243F6A8885A308D3L);
        sorted.sort(Comparator.comparingLong((Entry e) -> Text.mix(unitKey[root[e.index]] ^ seedMix))
            .thenComparingLong(e -> unitKey[root[e.index]])
            .thenComparingInt(e -> root[e.index]));
        long[] taken = new long[groupCount];
        long[] need = new long[groupCount];
        for (int i = 0; i < n; ) {
            int r = root[sorted.get(i).index];
            int j = i;
            java.util.Arrays.fill(need, 0);
            while (j < n && root[sorted.get(j).index] == r) {
                need[sorted.get(j).group]++;
                j++;
            }
            boolean fits = true;
            for (int g = 0; g < groupCount && fits; g++) {
                fits = taken[g] + need[g] <= target[g];
            }
            if (fits) {
                for (int g = 0; g < groupCount; g++) {
                    taken[g] += need[g];
                }
                for (int k = i; k < j; k++) {
                    validation.set(sorted.get(k).position);
                    validationCount++;
                }
            }
            i = j;
        }
    }

    private static void linkEqual(UnionFind uf, List<Entry> entries, java.util.function.ToLongFunction<Entry> key) {
        entries.sort(Comparator.comparingLong(key));
        for (int i = 1; i < entries.size(); i++) {
            if (key.applyAsLong(entries.get(i)) == key.applyAsLong(entries.get(i - 1))) {
                uf.union(entries.get(i).index, entries.get(i - 1).index);
            }
        }
    }

    // ---- results ----------------------------------------------------------------------------

    /** Whether the sample at a store position is exported. */
    boolean kept(int position) {
        return kept.get(position);
    }

    /** Whether the sample at a store position goes to the validation file. */
    boolean validation(int position) {
        return validation.get(position);
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
    private static final class Entry {
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
        int index;

        private Entry(int position, Sample s, long inputKey, long outputKey, long cardKey, int group,
                      boolean trusted, long[] signature, boolean keepId) {
            this.position = position;
            this.id = keepId ? s.id().orElse(null) : null;
            this.inputKey = inputKey;
            this.outputKey = outputKey;
            this.cardKey = cardKey;
            this.group = group;
            this.createdAt = s.createdAt().map(java.time.Instant::toEpochMilli).orElse(Long.MIN_VALUE);
            this.confidence = s.confidence();
            this.correction = s.source() == SampleSource.CORRECTION;
            this.trustedCorrection = correction && trusted;
            this.sig0 = signature[0];
            this.sig1 = signature[1];
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
            return new Entry(position, s, inputKey, outputKey, cardKey, group, trusted,
                Text.packedMinHash(Text.leafText(s.input())), keepId);
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
