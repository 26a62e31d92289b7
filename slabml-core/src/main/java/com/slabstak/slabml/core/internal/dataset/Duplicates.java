/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.core.internal.dataset.SampleIndex.Entry;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds duplicates among samples with the same normalised answer (and group): those whose
 * normalised inputs are equal, or whose inputs' character 3-shingle similarity reaches the
 * threshold (the same item read with small OCR differences), form a cluster; one is kept: the
 * newest correction (trusted first), else the highest confidence, else the oldest.
 */
final class Duplicates {
    /** Above this many samples with one answer, near duplicates are only looked for among neighbours. */
    private static final int ALL_PAIRS_LIMIT = 2000;

    private Duplicates() {
    }

    /**
     * Marks all but one of each cluster of duplicates in {@code run} (samples with one answer and
     * group) as dropped; returns how many it dropped.
     */
    static long dedupe(List<Entry> run, double threshold) {
        long dropped = 0;
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
            Arrays.sort(order, Comparator.comparingLong((Integer a) -> run.get(a).inputKey)
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
                dropped++;
            }
        }
        return dropped;
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
            return Entry.newer(a, b);
        }
        if (a.confidence != b.confidence) {
            return a.confidence > b.confidence;
        }
        return !Entry.newer(a, b);
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
