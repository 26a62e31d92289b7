/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;

/**
 * A file the provider holds, for example an uploaded training file.
 *
 * @since 0.1
 */
public record UploadedFile(String id, String filename, long bytes, String purpose, Instant createdAt) {
    /**
     * Checks the components.
     *
     * @param id the id
     * @param filename the filename
     * @param bytes the bytes
     * @param purpose the purpose
     * @param createdAt the created at
     */
    public UploadedFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}