/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.core.internal.dataset.SampleIndex.Entry;
import com.slabstak.slabml.spi.Task;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The train/validation split: samples sharing a normalised answer, a normalised input, or a
 * {@link Task#splitKey split key} form one unit that goes wholly to one side, so nothing and none
 * of its near-duplicates appears in both files. Units are ordered by a hash of their key and the
 * seed, then placed in validation while every {@link Task#group group} they touch stays within its
 * share ({@code round(fraction x group size)}), which stratifies the split by group. Units are
 * found by label propagation over sorted passes (each sample takes the smallest position among
 * those sharing a key, until nothing changes), which needs no per-sample table in memory.
 */
final class UnitSplit {
    // orders written out (not chained comparators): sorting is a large part of the index's time
    private static final Comparator<Entry> BY_LABEL_KEY = (a, b) -> {
        int c = Long.compare(a.label, b.label);
        if (c == 0) {
            c = Long.compare(a.splitKey, b.splitKey);
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
    private static final List<ToLongFunction<Entry>> UNIT_KEYS = List.of(e -> e.outputKey, e -> e.inputKey,
        e -> e.splitKey);

    private final Spill spill;
    private int validationCount;

    UnitSplit(Spill spill) {
        this.spill = spill;
    }

    /** The order the kept entries must be given to {@link #split} in. */
    static Comparator<Entry> inputOrder() {
        return linkOrder(UNIT_KEYS.get(0));
    }

    /** Samples placed in validation by {@link #split}. */
    int validationCount() {
        return validationCount;
    }

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
    EntrySorter split(EntrySorter linked, long[] groupSize, double fraction, long seed) {
        int groupCount = groupSize.length;
        // units: each entry takes the smallest position among the entries sharing an answer, an input
        // or a split key, key after key, until three passes in a row change nothing
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
        // the unit's key: its smallest split key; its place: a hash of that key and the seed
        long seedMix = Text.mix(seed ^ 0x243F6A8885A308D3L);
        EntrySorter byLabel = spill.sorter(BY_LABEL_KEY);
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
                    unitKey = e.splitKey;
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
        EntrySorter byPosition = spill.sorter(SampleIndex.BY_POSITION);
        try (units; UnitBits bits = spill.bits()) {
            long[] taken = new long[groupCount];
            long[] need = new long[groupCount];
            try (EntrySorter.Cursor c = units.sorted()) {
                Entry e = c.next();
                while (e != null) {
                    long label = e.label;
                    Arrays.fill(need, 0);
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
}
