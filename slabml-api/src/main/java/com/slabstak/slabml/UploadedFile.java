/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Objects;

/** A file the provider holds, for example an uploaded training file. */
public record UploadedFile(String id, String filename, long bytes, String purpose, Instant createdAt) {
    public UploadedFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}