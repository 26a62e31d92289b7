/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the channels the file store appends through: the one seam where tests put a channel that
 * fails its writes or forces on demand, as no real file system fails an {@code fsync} on request.
 */
@FunctionalInterface
interface FileChannels {
    /** The real thing: read and write, created if missing. */
    FileChannels DEFAULT = path -> FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);

    /** Opens {@code path} for reading and appending, creating it if missing. */
    FileChannel open(Path path) throws IOException;
}
