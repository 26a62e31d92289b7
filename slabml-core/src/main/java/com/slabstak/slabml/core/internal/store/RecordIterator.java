/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the records of a list of files (the segments of one log) one line at a time, opening
 * each file only when the previous one is done, so memory stays constant however long the log is.
 * A torn last line is skipped with a warning. A line that cannot be decoded is skipped, counted and
 * named ({@link SkippedLines}), so one bad line never stops the lines after it. Must be closed.
 */
final class RecordIterator<T> implements Iterator<T>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordIterator.class);

    /** Decodes one line; {@code null} skips it. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(String line, String file, long lineNumber);
    }

    private final List<Path> files;
    private final Path root;
    private final Decoder<T> decoder;
    private final SkippedLines skipped;
    private int index = -1;
    private LineReader reader;
    private String readerName;
    private T next;
    private boolean closed;

    RecordIterator(List<Path> files, Path root, Decoder<T> decoder, SkippedLines skipped) {
        this.files = List.copyOf(files);
        this.root = root;
        this.decoder = decoder;
        this.skipped = skipped;
    }

    /** Returns an ordered stream over the records that closes the files when it is closed. */
    static <T> Stream<T> stream(List<Path> files, Path root, Decoder<T> decoder, SkippedLines skipped) {
        RecordIterator<T> it = new RecordIterator<>(files, root, decoder, skipped);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
            .onClose(it::close);
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        try {
            while (true) {
                if (reader == null) {
                    if (++index >= files.size()) {
                        close();
                        return false;
                    }
                    Path file = files.get(index);
                    readerName = display(root, file);
                    reader = LineReader.open(file, 0, 1);
                }
                String line = reader.next();
                if (line == null) {
                    if (reader.tornBytes() > 0) {
                        LOG.warn("{}: skipped an incomplete last line ({} bytes, line {}): a torn write or an "
                            + "append in progress; it is repaired on the next write", readerName,
                            reader.tornBytes(), reader.lineNumber() + 1);
                    }
                    reader.close();
                    reader = null;
                    continue;
                }
                T value;
                try {
                    value = decoder.decode(line, readerName, reader.lineNumber());
                } catch (RuntimeException | StackOverflowError bad) {
                    skipped.skipped(readerName, reader.lineNumber(), reasonOf(bad));
                    continue;
                }
                if (value != null) {
                    next = value;
                    return true;
                }
            }
        } catch (IOException e) {
            close();
            throw new StoreException("reading " + readerName + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T v = next;
        next = null;
        return v;
    }

    @Override
    public void close() {
        closed = true;
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                reader = null;
            }
        }
    }

    /** Why a line could not be decoded, without the file and line the message may start with. */
    static String reasonOf(Throwable bad) {
        String message = bad.getMessage() == null ? bad.getClass().getSimpleName() : bad.getMessage();
        int at = message.indexOf(": ");
        if (at > 0 && message.substring(0, at).contains(" line ")) {
            message = message.substring(at + 2);
        }
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    /** The file name relative to the data directory, as messages show it. */
    static String display(Path root, Path file) {
        try {
            return root.relativize(file).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return file.getFileName().toString();
        }
    }
}
