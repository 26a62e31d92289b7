/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How {@link DefaultDatasetExporter} publishes its files and cleans up after a failure. */
final class ExportFiles {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultDatasetExporter.class);

    private ExportFiles() {
    }

    /**
     * Makes {@code from} visible as {@code to} in one step, never replacing an existing file: a hard
     * link (fails if {@code to} exists) then the temporary name is removed; where links are not
     * supported, a move that refuses to replace. Returns false if {@code to} already exists.
     */
    static boolean publish(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
            Files.delete(from);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            try {
                Files.move(from, to);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        }
    }

    static void cleanUp(List<Path> temporary, List<Path> moved) {
        for (Path p : temporary) {
            deleteQuietly(p);
        }
        for (Path p : moved) {
            deleteQuietly(p);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not delete {}", p, e);
        }
    }
}
