/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts index entries within a memory budget: up to {@code maxInMemory} entries are sorted in
 * memory; beyond that, sorted runs are written to the spill directory and merged when read (an
 * external merge sort). Past {@link #MAX_RUNS} runs, the runs are merged into one, so the number
 * of open files stays bounded. The order must be total (every comparator ends with the position),
 * so the result does not depend on where the runs were cut. Not thread-safe.
 */
final class EntrySorter implements AutoCloseable {
    static final int MAX_RUNS = 32;
    private static final int BUFFER = 16 * 1024;

    private final Comparator<SampleIndex.Entry> order;
    private final int maxInMemory;
    private final Spill spill;
    private final List<SampleIndex.Entry> buffer = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private boolean sorted;

    EntrySorter(Comparator<SampleIndex.Entry> order, int maxInMemory, Spill spill) {
        this.order = order;
        this.maxInMemory = maxInMemory;
        this.spill = spill;
    }

    void add(SampleIndex.Entry e) {
        if (sorted) {
            throw new IllegalStateException("already read");
        }
        buffer.add(e);
        if (buffer.size() >= maxInMemory && spill.enabled()) {
            spillBuffer();
        }
    }

    private void spillBuffer() {
        buffer.sort(order);
        Path run = spill.newFile();
        try (DataOutputStream out = output(run)) {
            for (SampleIndex.Entry e : buffer) {
                e.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.clear();
        runs.add(run);
        if (runs.size() >= MAX_RUNS) {
            Path merged = spill.newFile();
            try (Cursor c = merge(runs); DataOutputStream out = output(merged)) {
                for (SampleIndex.Entry e = c.next(); e != null; e = c.next()) {
                    e.write(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            runs.forEach(Spill::delete);
            runs.clear();
            runs.add(merged);
        }
    }

    /** The entries in order; may be called again for a second pass. */
    Cursor sorted() {
        if (!sorted) {
            sorted = true;
            if (!runs.isEmpty() && !buffer.isEmpty()) {
                spillBuffer();
            } else {
                buffer.sort(order);
            }
        }
        if (runs.isEmpty()) {
            List<SampleIndex.Entry> list = buffer;
            return new Cursor() {
                private int i;

                @Override
                public SampleIndex.Entry next() {
                    return i < list.size() ? list.get(i++) : null;
                }

                @Override
                public void close() {
                }
            };
        }
        return merge(runs);
    }

    private Cursor merge(List<Path> files) {
        List<DataInputStream> inputs = new ArrayList<>();
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
            int c = order.compare(a.entry, b.entry);
            return c != 0 ? c : Integer.compare(a.run, b.run);
        });
        try {
            for (int r = 0; r < files.size(); r++) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(files.get(r)),
                    BUFFER));
                inputs.add(in);
                SampleIndex.Entry first = read(in);
                if (first != null) {
                    heads.add(new Head(first, r));
                }
            }
        } catch (IOException | RuntimeException e) {
            closeAll(inputs);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return new Cursor() {
            @Override
            public SampleIndex.Entry next() {
                Head h = heads.poll();
                if (h == null) {
                    return null;
                }
                SampleIndex.Entry following = read(inputs.get(h.run));
                if (following != null) {
                    heads.add(new Head(following, h.run));
                }
                return h.entry;
            }

            @Override
            public void close() {
                closeAll(inputs);
            }
        };
    }

    private static SampleIndex.Entry read(DataInputStream in) {
        try {
            return SampleIndex.Entry.read(in);
        } catch (EOFException end) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    private static void closeAll(List<DataInputStream> inputs) {
        for (DataInputStream in : inputs) {
            try {
                in.close();
            } catch (IOException ignored) {
                // reading only: nothing is lost
            }
        }
    }

    /** Deletes the runs; the entries are gone afterwards. */
    @Override
    public void close() {
        runs.forEach(Spill::delete);
        runs.clear();
        buffer.clear();
    }

    /** Entries in order, then null. */
    interface Cursor extends AutoCloseable {
        SampleIndex.Entry next();

        @Override
        void close();
    }

    private record Head(SampleIndex.Entry entry, int run) {
    }
}
