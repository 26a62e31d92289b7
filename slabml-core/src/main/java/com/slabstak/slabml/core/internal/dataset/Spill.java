/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where sorted runs go: a temporary directory inside the given directory, created on the first
 * spill and deleted with everything in it on {@link #close()}. Without a directory nothing spills.
 */
final class Spill implements AutoCloseable {
    private final Path parent;
    final int maxInMemory;
    private Path directory;
    private int files;

    Spill(Path parent, int maxInMemory) {
        this.parent = parent;
        this.maxInMemory = maxInMemory;
    }

    boolean enabled() {
        return parent != null;
    }

    EntrySorter sorter(Comparator<SampleIndex.Entry> order) {
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
