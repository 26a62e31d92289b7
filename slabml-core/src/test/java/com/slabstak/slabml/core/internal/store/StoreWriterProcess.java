/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * A child JVM for the crash and multi-process tests: appends samples from several threads and prints
 * each id to stdout once its append returned (was acknowledged).
 *
 * <p>Arguments: data directory, durability, threads, records per thread (0: until killed), id prefix.
 * Durability {@code BATCH_FUTURES} appends under {@code BATCH} with {@code appendAsync}, up to 1,000
 * records in flight per thread, and prints each id when its future completes.
 * It prints {@code ready}, waits for a line on stdin, then writes; a finite run ends with {@code done}.
 */
public final class StoreWriterProcess {
    private StoreWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean futures = args[1].equals("BATCH_FUTURES");
        String durability = futures ? "BATCH" : args[1];
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        String prefix = args[4];
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
            StandardCharsets.UTF_8);
        Stores stores = new FileStoreProvider().create(ProviderContext.of(
            SlabMlConfig.of(Map.of("slabml.store.durability", durability)), dir, Clock.systemUTC()));
        out.println("ready");
        out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String writer = prefix + "w" + t;
            Semaphore inFlight = new Semaphore(1_000);
            Thread w = new Thread(() -> {
                for (int i = 0; perThread == 0 || i < perThread; i++) {
                    String id = writer + "-" + i;
                    Sample sample = StoreTesting.sample(id, TaskName.CARD_IDENTIFICATION,
                        i % 5 == 0 ? SampleSource.CORRECTION : SampleSource.VALIDATED);
                    if (futures) {
                        inFlight.acquireUninterruptibly();
                        stores.samples().appendAsync(sample).thenRun(() -> acknowledge(out, id))
                            .whenComplete((ok, failure) -> inFlight.release());
                    } else {
                        stores.samples().append(sample);
                        acknowledge(out, id);
                    }
                }
                inFlight.acquireUninterruptibly(1_000);
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        stores.close();
        out.println("done");
        out.flush();
    }

    private static void acknowledge(PrintStream out, String id) {
        synchronized (out) {
            out.println(id);
            out.flush();
        }
    }
}
