/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/** A sequence of booleans written once then read once: in memory up to the budget, then on disk. */
final class UnitBits implements AutoCloseable {
    private final Spill spill;
    private final BitSet memory = new BitSet();
    private int count;
    private int memoryCount;
    private Path file;
    private DataOutputStream out;
    private DataInputStream in;
    private int read;

    UnitBits(Spill spill) {
        this.spill = spill;
    }

    void add(boolean bit) {
        try {
            if (out == null && file == null && count >= spill.maxInMemory * 8L && spill.enabled()) {
                file = spill.newFile();
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
            }
            if (out != null) {
                out.writeBoolean(bit);
            } else {
                memory.set(count, bit);
                memoryCount++;
            }
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void rewind() {
        try {
            if (out != null) {
                out.close();
                out = null;
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean next() {
        int i = read++;
        if (i < memoryCount) {
            return memory.get(i);
        }
        try {
            return in.readBoolean();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                Spill.delete(file);
            }
        }
    }
}
