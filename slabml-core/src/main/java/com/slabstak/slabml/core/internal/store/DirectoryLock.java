/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An exclusive lock on one lock file that holds across threads and processes: a JVM-wide
 * {@link ReentrantLock} per file (a {@link FileLock} is held per process, not per thread) around an
 * operating-system lock on the file. Released by the operating system when a process dies.
 */
final class DirectoryLock {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock local;

    DirectoryLock(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.local = IN_PROCESS.computeIfAbsent(this.file, f -> new ReentrantLock());
    }

    /** Runs {@code action} holding the lock, and returns what it returns. */
    <T> T locked(Supplier<T> action) {
        local.lock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return action.get();
        } catch (IOException e) {
            throw new StoreException("locking " + file + " failed: " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }
}
