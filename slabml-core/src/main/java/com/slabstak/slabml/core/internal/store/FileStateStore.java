/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.StateStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link StateStore} of the file store: one small JSON file per key under {@code state/}
 * ({@code state/values/<key>.json}, {@code {"version":3,"value":"..."}}) and one per lease
 * ({@code state/leases/<name>.json}, owner and expiry). Every read-compare-write holds an exclusive
 * lock on {@code state/.lock} (see {@link DirectoryLock}), so it is atomic across threads and
 * processes; a new file is written whole, forced, and moved over the old one, so a crash leaves
 * either the old value or the new one. Lease expiry is measured on the store's clock.
 *
 * <p>Keys are 1 to 200 characters; characters other than letters, digits, {@code .}, {@code _} and
 * {@code -} are escaped in file names ({@code /} as {@code %2F}).
 */
final class FileStateStore implements StateStore {
    private static final int MAX_KEY = 200;

    private final Path values;
    private final Path leases;
    private final Clock clock;
    private final DirectoryLock lock;

    FileStateStore(Path root, Clock clock) {
        Path dir = root.resolve("state");
        this.values = dir.resolve("values");
        this.leases = dir.resolve("leases");
        FileSampleStore.createDirectories(values);
        FileSampleStore.createDirectories(leases);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lock = new DirectoryLock(dir.resolve(".lock"));
    }

    @Override
    public Optional<Versioned> get(String key) {
        Path file = file(values, "key", key);
        return lock.locked(() -> read(file).map(m -> new Versioned((String) m.get("value"), number(m, "version", file))));
    }

    @Override
    public OptionalLong compareAndSet(String key, long expectedVersion, String value) {
        Path file = file(values, "key", key);
        Objects.requireNonNull(value, "value");
        if (expectedVersion < 0) {
            throw new InvalidInputException("expected_version", "must be 0 or more, was " + expectedVersion);
        }
        return lock.locked(() -> {
            long current = read(file).map(m -> number(m, "version", file)).orElse(0L);
            if (current != expectedVersion) {
                return OptionalLong.empty();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", current + 1);
            m.put("value", value);
            write(file, m);
            return OptionalLong.of(current + 1);
        });
    }

    @Override
    public boolean tryAcquireLease(String name, String owner, Duration ttl) {
        Path file = file(leases, "name", name);
        checkOwner(owner);
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new InvalidInputException("ttl", "must be positive, was " + ttl);
        }
        return lock.locked(() -> {
            Instant now = clock.instant();
            Optional<Map<String, Object>> held = read(file);
            if (held.isPresent() && !owner.equals(held.get().get("owner"))
                && Instant.parse((String) held.get().get("expires_at")).isAfter(now)) {
                return false;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("owner", owner);
            m.put("expires_at", now.plus(ttl).toString());
            write(file, m);
            return true;
        });
    }

    @Override
    public void releaseLease(String name, String owner) {
        Path file = file(leases, "name", name);
        checkOwner(owner);
        lock.locked(() -> {
            Optional<Map<String, Object>> held = read(file);
            if (held.isPresent() && owner.equals(held.get().get("owner"))) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new StoreException("releasing lease " + name + " failed: " + e.getMessage(), e);
                }
            }
            return null;
        });
    }

    private static void checkOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank()) {
            throw new InvalidInputException("owner", "must not be blank");
        }
    }

    private static Path file(Path dir, String field, String key) {
        Objects.requireNonNull(key, field);
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw new InvalidInputException(field, "must be 1-" + MAX_KEY + " characters, was " + key.length());
        }
        StringBuilder b = new StringBuilder();
        for (byte c : key.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || (c == '.' && b.length() > 0)) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return dir.resolve(b + ".json");
    }

    private static Optional<Map<String, Object>> read(Path file) {
        try {
            return Optional.of(Json.readObject(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new StoreException("reading " + file + " failed: " + e.getMessage(), e);
        }
    }

    private static long number(Map<String, Object> m, String field, Path file) {
        if (!(m.get(field) instanceof Number n)) {
            throw new StoreException(file + ": field " + field + " is not a number");
        }
        return n.longValue();
    }

    private static void write(Path file, Map<String, Object> m) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap((Json.write(m) + "\n").getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new StoreException("writing " + file + " failed: " + e.getMessage(), e,
                com.slabstak.slabml.StoreException.Outcome.UNKNOWN);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for reading; the move itself is atomic.
            return;
        }
    }

    @Override
    public String toString() {
        return "FileStateStore{" + values.getParent() + '}';
    }
}
