/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Channels for the file store that fail on demand: a write that stores part of its bytes and then
 * fails as a full disk does, or a force that fails as an {@code fsync} error does. Thread-safe.
 */
final class FaultyChannels implements FileChannels {
    /** Writes to fail from now on (each stores half its bytes first); negative: all. */
    final AtomicInteger failWrites = new AtomicInteger();
    /** Forces to fail from now on; negative: all. */
    final AtomicInteger failForces = new AtomicInteger();
    final AtomicInteger writesFailed = new AtomicInteger();
    final AtomicInteger forcesFailed = new AtomicInteger();

    @Override
    public FileChannel open(Path path) throws IOException {
        return new Faulty(FileChannels.DEFAULT.open(path));
    }

    void heal() {
        failWrites.set(0);
        failForces.set(0);
    }

    private static boolean take(AtomicInteger budget) {
        while (true) {
            int n = budget.get();
            if (n == 0) {
                return false;
            }
            if (n < 0 || budget.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    private final class Faulty extends FileChannel {
        private final FileChannel real;

        Faulty(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (take(failWrites)) {
                writesFailed.incrementAndGet();
                int half = src.remaining() / 2;
                if (half > 0) {
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + half);
                    real.write(part, position);
                }
                throw new IOException("No space left on device");
            }
            return real.write(src, position);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (take(failForces)) {
                forcesFailed.incrementAndGet();
                throw new IOException("Input/output error (fsync)");
            }
            real.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return write(src, real.position());
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("not used by the store");
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
