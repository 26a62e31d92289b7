/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One append-only JSONL log on disk: {@code <base>.jsonl}, then, once that reaches the size limit,
 * {@code <base>.000001.jsonl}, {@code <base>.000002.jsonl} and so on. A segment that reached the limit
 * is never written again, so readers and other processes agree on which one is current without
 * renaming anything.
 *
 * <p>Every append holds an exclusive {@link FileLock} on the segment while it checks the end of the
 * file, repairs a torn last line left by a crashed writer (truncating it to the last newline), and
 * writes whole lines at the end. File locks are held per JVM, so threads of one JVM (for example
 * two stores on the same directory) are first serialised by an in-JVM monitor per file: the only
 * static state of this package, and it holds nothing but lock objects.
 *
 * <p>Appends are serialised by the monitor, so any thread may append; a segment left behind by
 * rotation keeps its channel open until {@link #close()}, so a force issued after the append still
 * reaches the data. Reading methods may be called from any thread.
 */
final class SegmentedFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentedFile.class);
    private static final ConcurrentHashMap<Path, Object> JVM_MONITORS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path root;
    private final String base;
    private final long maxBytes;
    private final Object monitor;
    private final FileChannels channels;
    private int segment = -1;
    private volatile FileChannel channel;
    private final List<FileChannel> retired = new ArrayList<>();
    private long knownEnd = -1;
    /** Set by {@link #close()}: a late append fails instead of opening a channel nobody closes. */
    private boolean closed;

    SegmentedFile(Path root, Path dir, String base, long maxBytes) {
        this(root, dir, base, maxBytes, FileChannels.DEFAULT);
    }

    SegmentedFile(Path root, Path dir, String base, long maxBytes, FileChannels channels) {
        this.channels = channels;
        this.root = root;
        this.dir = dir;
        this.base = base;
        this.maxBytes = maxBytes;
        this.monitor = monitorFor(dir.resolve(base + ".jsonl"));
    }

    /** The in-JVM monitor writers of {@code firstSegment} hold while appending. */
    static Object monitorFor(Path firstSegment) {
        return JVM_MONITORS.computeIfAbsent(firstSegment.toAbsolutePath().normalize(), k -> new Object());
    }

    String base() {
        return base;
    }

    Path segmentPath(int index) {
        return index == 0 ? dir.resolve(base + ".jsonl") : dir.resolve(String.format("%s.%06d.jsonl", base, index));
    }

    /** The existing segments, oldest first. */
    List<Path> segments() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path p = segmentPath(i);
            if (!Files.exists(p)) {
                return out;
            }
            out.add(p);
        }
    }

    /**
     * Appends {@code len} bytes of whole lines (not forced: see {@link #force()}).
     *
     * @param syncNewFiles whether a segment this call creates has its directory entry forced too
     * @return the channel written to, which stays open until {@link #close()} (a caller may force it)
     */
    FileChannel append(byte[] data, int len, boolean syncNewFiles) throws IOException {
        return append(ByteBuffer.wrap(data, 0, len), syncNewFiles);
    }

    /**
     * Appends the remaining bytes of {@code buf}, whole lines (not forced: see {@link #force()}). A
     * write that fails is cut off again, so the file is as it was before the call.
     *
     * @param syncNewFiles whether a segment this call creates has its directory entry forced too
     * @return the channel written to, which stays open until {@link #close()} (a caller may force it)
     * @throws WriteFailure saying whether the file may hold part of the bytes, or an IOException
     *     if this file is closed (nothing was written)
     */
    FileChannel append(ByteBuffer buf, boolean syncNewFiles) throws IOException {
        synchronized (monitor) {
            if (closed) {
                throw new IOException(RecordIterator.display(root, segmentPath(0)) + " is closed");
            }
            try {
                if (channel == null) {
                    int last = 0;
                    while (Files.exists(segmentPath(last + 1))) {
                        last++;
                    }
                    open(last, syncNewFiles);
                }
                boolean full = true;
                while (full) {
                    FileLock lock = channel.lock();
                    try {
                        long size = repairTail(channel.size());
                        full = size >= maxBytes;
                        if (!full) {
                            knownEnd = writeAt(buf, size);
                        }
                    } finally {
                        lock.release();
                    }
                    if (full) {
                        open(segment + 1, syncNewFiles);
                    }
                }
                return channel;
            } catch (WriteFailure e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Failed before a byte was written (opening, locking, reading the end).
                throw WriteFailure.notWritten(e);
            }
        }
    }

    /** Writes {@code buf} at {@code start}; a write that fails is undone by cutting the file back. */
    private long writeAt(ByteBuffer buf, long start) throws WriteFailure {
        long at = start;
        try {
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            return at;
        } catch (IOException | RuntimeException e) {
            knownEnd = -1;
            try {
                channel.truncate(start);
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
                throw WriteFailure.unknown("write failed and could not be undone", e);
            }
            throw WriteFailure.notWritten(e);
        }
    }

    /** Forces everything this instance wrote, in every segment it used, to disk. */
    void force() throws IOException {
        synchronized (monitor) {
            for (FileChannel c : retired) {
                c.force(false);
            }
            if (channel != null) {
                channel.force(false);
            }
        }
    }

    private void open(int index, boolean syncDirectory) throws IOException {
        if (channel != null) {
            retired.add(channel);
            channel = null;
        }
        Path p = segmentPath(index);
        boolean created = !Files.exists(p);
        channel = channels.open(p);
        segment = index;
        knownEnd = -1;
        if (created && syncDirectory) {
            syncDirectory(dir);
        }
    }

    /** Truncates an unterminated last line (left by a writer that died mid-write); returns the size. */
    private long repairTail(long size) throws IOException {
        if (size == 0 || size == knownEnd) {
            return size;
        }
        ByteBuffer one = ByteBuffer.allocate(4096);
        long end = size;
        while (end > 0) {
            int n = (int) Math.min(one.capacity(), end);
            one.clear().limit(n);
            long at = end - n;
            while (one.hasRemaining()) {
                if (channel.read(one, at + one.position()) < 0) {
                    break;
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (one.get(i) == '\n') {
                    long keep = at + i + 1;
                    if (keep != size) {
                        truncate(size, keep);
                    }
                    return keep;
                }
            }
            end = at;
        }
        truncate(size, 0);
        return 0;
    }

    private void truncate(long size, long keep) throws IOException {
        channel.truncate(keep);
        channel.force(false);
        LOG.warn("{}: repaired a torn last line left by an interrupted write ({} bytes removed)",
            RecordIterator.display(root, segmentPath(segment)), size - keep);
    }

    private void closeChannel() throws IOException {
        for (FileChannel c : retired) {
            c.close();
        }
        retired.clear();
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Whether {@link #close()} was called; an append then fails without writing. */
    boolean isClosed() {
        synchronized (monitor) {
            return closed;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (monitor) {
            closed = true;
            closeChannel();
        }
    }

    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot force directory {} on this platform", dir, e);
        }
    }
}
