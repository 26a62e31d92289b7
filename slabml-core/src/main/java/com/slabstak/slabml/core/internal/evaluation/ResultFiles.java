/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes result files whole (temporary file, then a move), never half-written. */
final class ResultFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private ResultFiles() {
    }

    /** Returns {@code yyyyMMdd_HHmmss} in UTC. */
    static String stamp(Instant at) {
        return STAMP.format(at);
    }

    /**
     * Writes {@code text} to {@code <directory>/<prefix>_<timestamp>.<extension>}, adding
     * {@code _2}, {@code _3}... when a file of that name exists.
     */
    static Path writeNew(Path directory, String prefix, Instant at, String extension, String text) {
        String base = prefix + "_" + stamp(at);
        try {
            Files.createDirectories(directory);
            for (int i = 1; i < 10_000; i++) {
                Path target = directory.resolve(base + (i == 1 ? "" : "_" + i) + "." + extension);
                if (Files.exists(target)) {
                    continue;
                }
                Path tmp = Files.createTempFile(directory, ".tmp-" + prefix, "." + extension);
                try {
                    Files.writeString(tmp, text, StandardCharsets.UTF_8);
                    Files.move(tmp, target);
                    return target;
                } catch (FileAlreadyExistsException raced) {
                    continue;
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            throw new StoreException("no free file name for " + base + " in " + directory);
        } catch (IOException e) {
            throw new StoreException("could not write " + base + "." + extension + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} to {@code target} whole, replacing it. */
    static Path write(Path target, String text) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new InvalidInputException("path", "has no parent directory: " + target);
        }
        try {
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".tmp-report", ".part");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new StoreException("could not write " + target + ": " + e.getMessage(), e);
        }
    }
}
