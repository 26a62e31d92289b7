/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static com.slabstak.slabml.core.internal.store.StoreTesting.CLOCK;
import static com.slabstak.slabml.core.internal.store.StoreTesting.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.spi.WhenFull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real full disk: a 2 MB tmpfs mounted for the test (root only). Every write reported as failed
 * is absent ({@code NOT_WRITTEN}), every acknowledged one present, and once space is freed a retry
 * of the failed ones with the same ids stores each exactly once. Without root the test is skipped,
 * except under {@code CI=true}, where it fails: CI runs as root and must run it.
 */
class FullDiskTest {
    @TempDir
    Path temp;
    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mount() throws Exception {
        disk = temp.resolve("disk");
        Files.createDirectories(disk);
        String why = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString());
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but a 2 MB tmpfs cannot be mounted (the full-disk test needs root): " + why);
            }
            Assumptions.abort("cannot mount a tmpfs (needs root): " + why);
        }
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", disk.toString());
        }
    }

    /** Runs a command; returns null on success, else what it said. */
    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : command[0] + " exited " + p.exitValue() + ": " + out;
    }

    private FileSampleStore store(Durability durability) {
        LogSettings settings = new LogSettings(durability, 4096, WhenFull.BLOCK, Duration.ofSeconds(10), 256,
            LogSettings.DEFAULT_MAX_FILE_BYTES, Duration.ofMillis(1), 2);
        return new FileSampleStore(disk, settings, CLOCK);
    }

    private static List<String> ids(FileSampleStore store) {
        try (Stream<Sample> s = store.read(TaskName.CARD_IDENTIFICATION)) {
            return s.map(x -> x.id().orElseThrow()).collect(Collectors.toList());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"BATCH", "SYNC"})
    void appendAsync_diskFills_failedAreAbsentAcknowledgedPresentAndRetriesStoreOnce(Durability durability)
        throws Exception {
        Path filler = disk.resolve("filler");
        Files.write(filler, new byte[1536 * 1024]);
        try (FileSampleStore store = store(durability)) {
            List<String> acknowledged = new ArrayList<>();
            List<String> notWritten = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            int n = 3000;
            for (int i = 0; i < n; i++) {
                try {
                    futures.add(store.appendAsync(sample("s" + i)));
                } catch (StoreException e) {
                    futures.add(CompletableFuture.failedFuture(e));
                }
            }
            for (int i = 0; i < n; i++) {
                try {
                    futures.get(i).join();
                    acknowledged.add("s" + i);
                } catch (CompletionException e) {
                    StoreException se = (StoreException) e.getCause();
                    (se.outcome() == StoreException.Outcome.NOT_WRITTEN ? notWritten : unknown).add("s" + i);
                }
            }

            assertThat(notWritten).as("the disk filled up").isNotEmpty();
            assertThat(acknowledged).isNotEmpty();
            assertThat(unknown).as("a full disk fails the write, not the force").isEmpty();
            List<String> stored = ids(store);
            assertThat(stored).containsExactlyElementsOf(acknowledged);
            assertThat(store.counters().failed()).isEqualTo(notWritten.size());
            assertThat(store.counters().failureLogEntries()).isLessThan(5);

            Files.delete(filler);
            for (String id : notWritten) {
                store.append(sample(id));
            }
            for (String id : acknowledged.subList(0, 10)) {
                store.append(sample(id));
            }
            List<String> all = ids(store);
            assertThat(all).hasSize(n);
            assertThat(new HashSet<>(all)).hasSize(n);
        }
    }
}
