/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.StoreFullException;
import static com.slabstak.slabml.core.internal.store.StoreTesting.open;
import static com.slabstak.slabml.core.internal.store.StoreTesting.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AppendLogTest {
    @TempDir
    Path dir;

    private Path cardFile() {
        return dir.resolve("training_data/card_identification.jsonl");
    }

    private static StoreCounters counters(Stores stores) {
        return ((FileSampleStore) stores.samples()).counters();
    }

    @Test
    void syncAppend_eachRecord_isWrittenAndForcedOnItsOwnBeforeReturning() throws Exception {
        try (Stores stores = open(dir, "slabml.store.samples.durability", "SYNC")) {
            for (int i = 0; i < 5; i++) {
                stores.samples().append(sample("s" + i));

                assertThat(Files.readAllLines(cardFile())).hasSize(i + 1);
            }

            assertThat(counters(stores)).isEqualTo(new StoreCounters(5, 5, 0, 0, 5, 5, 0));
        }
    }

    @Test
    void batchAppend_concurrentCallers_returnOnlyOnceWrittenAndShareForces() throws Exception {
        int threads = 8;
        int perThread = 200;
        try (Stores stores = open(dir, "slabml.store.samples.durability", "BATCH")) {
            runConcurrently(threads, t -> {
                for (int i = 0; i < perThread; i++) {
                    String id = "t" + t + "-" + i;
                    stores.samples().append(sample(id));
                    if (i % 50 == 0) {
                        assertThat(Files.readString(cardFile())).contains("\"id\":\"" + id + "\"");
                    }
                }
            });

            StoreCounters c = counters(stores);
            assertThat(c.written()).isEqualTo(threads * perThread);
            assertThat(c.fsyncs()).isEqualTo(c.batches()).isLessThanOrEqualTo(c.written()).isPositive();
            assertThat(c.rejected()).isZero();
        }
    }

    @Test
    void asyncAppend_writerBusy_returnsBeforeWritingAndCloseDrainsAndForces() throws Exception {
        Stores stores = open(dir, "slabml.store.samples.durability", "ASYNC");
        synchronized (SegmentedFile.monitorFor(cardFile())) {
            for (int i = 0; i < 100; i++) {
                stores.samples().append(sample("s" + i));
            }

            assertThat(counters(stores).queued()).isEqualTo(100);
            assertThat(counters(stores).fsyncs()).isZero();
            assertThat(!Files.exists(cardFile()) || Files.readAllLines(cardFile()).size() < 100).isTrue();
        }

        stores.close();

        assertThat(Files.readAllLines(cardFile())).hasSize(100);
        assertThat(counters(stores).written()).isEqualTo(100);
        assertThat(counters(stores).fsyncs()).isPositive();
    }

    @Test
    void asyncRead_justAfterAppend_seesTheRecord() {
        try (Stores stores = open(dir, "slabml.store.durability", "ASYNC")) {
            stores.samples().append(sample("s1"));

            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(1);
        }
    }

    @Test
    void rejectPolicy_queueFull_throwsStoreFullExceptionAndCountsIt() throws Exception {
        Stores stores = open(dir, "slabml.store.durability", "ASYNC", "slabml.store.queue_capacity", "4",
            "slabml.store.max_batch", "4", "slabml.store.when_full", "REJECT");
        int accepted = 0;
        StoreFullException refused = null;
        synchronized (SegmentedFile.monitorFor(cardFile())) {
            for (int i = 0; i < 100 && refused == null; i++) {
                try {
                    stores.samples().append(sample("s" + i));
                    accepted++;
                } catch (StoreFullException e) {
                    refused = e;
                }
            }
        }
        stores.close();

        assertThat(refused).isNotNull().hasMessageContaining("queue full");
        assertThat(accepted).isBetween(4, 9);
        assertThat(counters(stores).rejected()).isEqualTo(1);
        assertThat(counters(stores).written()).isEqualTo(accepted);
        assertThat(Files.readAllLines(cardFile())).hasSize(accepted);
    }

    @Test
    void blockPolicy_queueStaysFull_throwsAfterTheTimeoutAndCountsIt() throws Exception {
        Stores stores = open(dir, "slabml.store.durability", "ASYNC", "slabml.store.queue_capacity", "2",
            "slabml.store.max_batch", "2", "slabml.store.when_full", "BLOCK", "slabml.store.block_timeout", "20ms");
        int accepted = 0;
        StoreFullException refused = null;
        synchronized (SegmentedFile.monitorFor(cardFile())) {
            for (int i = 0; i < 100 && refused == null; i++) {
                try {
                    stores.samples().append(sample("s" + i));
                    accepted++;
                } catch (StoreFullException e) {
                    refused = e;
                }
            }
        }
        stores.close();

        assertThat(refused).isNotNull().hasMessageContaining("stayed full for PT0.02S");
        assertThat(counters(stores).rejected()).isEqualTo(1);
        assertThat(Files.readAllLines(cardFile())).hasSize(accepted);
    }

    @Test
    void blockPolicy_roomFreesUp_everyAppendSucceeds() throws Exception {
        int total = 2_000;
        try (Stores stores = open(dir, "slabml.store.durability", "ASYNC", "slabml.store.queue_capacity", "8",
            "slabml.store.when_full", "BLOCK")) {
            for (int i = 0; i < total; i++) {
                stores.samples().append(sample("s" + i));
            }

            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(total);
            assertThat(counters(stores).rejected()).isZero();
        }
    }

    @Test
    void manyThreads_twoStoresOnOneDirectory_loseAndInterleaveNothing() throws Exception {
        int threads = 8;
        int perThread = 500;
        try (Stores a = open(dir, "slabml.store.durability", "ASYNC"); Stores b = open(dir)) {
            runConcurrently(threads, t -> {
                Stores s = t % 2 == 0 ? a : b;
                for (int i = 0; i < perThread; i++) {
                    s.samples().append(sample("t" + t + "-" + i, TaskName.CARD_IDENTIFICATION,
                        i % 4 == 0 ? SampleSource.CORRECTION : SampleSource.VALIDATED));
                }
            });
        }

        try (Stores stores = open(dir); Stream<Sample> read = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
            List<String> ids = read.map(s -> s.id().orElseThrow()).collect(Collectors.toList());
            assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
        }
        List<String> raw = new ArrayList<>(assertWholeLinesInWriterOrder(cardFile()));
        raw.addAll(assertWholeLinesInWriterOrder(dir.resolve("training_data/user_corrections.jsonl")));
        assertThat(raw).hasSize(threads * perThread);
    }

    /**
     * Checks every line of a file is one whole JSON record and that, within the file, the records of
     * each writer ({@code <writer>-<n>} ids) appear in the order that writer appended them.
     */
    static List<String> assertWholeLinesInWriterOrder(Path file) throws Exception {
        List<String> ids = new ArrayList<>();
        Map<String, Integer> last = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String id = (String) com.slabstak.slabml.core.internal.Json.readObject(line).get("id");
            int cut = id.lastIndexOf('-');
            int n = Integer.parseInt(id.substring(cut + 1));
            Integer previous = last.put(id.substring(0, cut), n);
            assertThat(previous == null || previous < n).as("order of %s in %s", id, file.getFileName()).isTrue();
            ids.add(id);
        }
        return ids;
    }

    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    static void runConcurrently(int threads, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void appendAfterClose_throwsAndIsNotCountedAsQueued() {
        Stores stores = open(dir);
        stores.close();

        assertThatThrownBy(() -> stores.samples().append(sample("late"))).hasMessageContaining("closed");
        assertThat(counters(stores).queued()).isZero();
    }

    @Test
    void batchAppendAsync_writerHeldUp_acknowledgesOnlyOnceWrittenAndForced() throws Exception {
        try (Stores stores = open(dir, "slabml.store.samples.durability", "BATCH")) {
            CompletableFuture<Void> acknowledged;
            synchronized (SegmentedFile.monitorFor(cardFile())) {
                acknowledged = stores.samples().appendAsync(sample("s1"));

                Thread.sleep(50);
                assertThat(acknowledged).isNotDone();
                assertThat(counters(stores).fsyncs()).isZero();
            }

            acknowledged.get(30, TimeUnit.SECONDS);
            assertThat(counters(stores).fsyncs()).isEqualTo(1);
            assertThat(Files.readString(cardFile())).contains("\"id\":\"s1\"");
        }
    }

    @Test
    void batchAppendAsync_oneCallerManyRecords_acknowledgesEveryRecordWithSharedForces() throws Exception {
        int records = 5_000;
        try (Stores stores = open(dir, "slabml.store.samples.durability", "BATCH")) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                acks.add(stores.samples().appendAsync(sample("s" + i,
                    TaskName.CARD_IDENTIFICATION, i % 5 == 0 ? SampleSource.CORRECTION : SampleSource.VALIDATED)));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);

            StoreCounters c = counters(stores);
            assertThat(c.written()).isEqualTo(records);
            assertThat(c.fsyncs()).isPositive().isLessThan(records / 2);
            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(records);
        }
    }

    @Test
    void appendAsync_asyncAndSync_acknowledgeWhenTheirModeDoes() throws Exception {
        try (Stores stores = open(dir, "slabml.store.samples.durability", "SYNC")) {
            CompletableFuture<Void> acknowledged = stores.samples().appendAsync(sample("s1"));

            assertThat(acknowledged).isCompleted();
            assertThat(Files.readAllLines(cardFile())).hasSize(1);
            assertThat(counters(stores).fsyncs()).isEqualTo(1);
        }
        Files.delete(cardFile());
        try (Stores stores = open(dir, "slabml.store.samples.durability", "ASYNC")) {
            synchronized (SegmentedFile.monitorFor(cardFile())) {
                CompletableFuture<Void> acknowledged = stores.samples().appendAsync(sample("s2"));

                assertThat(acknowledged).isCompleted();
                assertThat(counters(stores).written()).isZero();
            }
        }
        assertThat(Files.readAllLines(cardFile())).hasSize(1);
    }

    @Test
    void batchAppendAsync_writeFails_completesExceptionallyAndCountsTheFailure() throws Exception {
        Files.createDirectories(cardFile());
        try (Stores stores = open(dir, "slabml.store.samples.durability", "BATCH")) {
            CompletableFuture<Void> acknowledged = stores.samples().appendAsync(sample("s1"));

            assertThatThrownBy(() -> acknowledged.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StoreException.class).hasMessageContaining("samples store: write failed");
            assertThat(counters(stores).failed()).isEqualTo(1);
            assertThat(counters(stores).written()).isZero();
        }
    }

    @Test
    void appendAsync_refused_throwsAndQueuesNothing() throws Exception {
        Stores stores = open(dir, "slabml.store.durability", "BATCH", "slabml.store.queue_capacity", "4",
            "slabml.store.max_batch", "4", "slabml.store.when_full", "REJECT");
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        StoreFullException refused = null;
        synchronized (SegmentedFile.monitorFor(cardFile())) {
            for (int i = 0; i < 100 && refused == null; i++) {
                try {
                    accepted.add(stores.samples().appendAsync(sample("s" + i)));
                } catch (StoreFullException e) {
                    refused = e;
                }
            }
        }
        CompletableFuture.allOf(accepted.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        stores.close();

        assertThat(refused).isNotNull().hasMessageContaining("queue full");
        assertThat(counters(stores).rejected()).isEqualTo(1);
        assertThat(Files.readAllLines(cardFile())).hasSize(accepted.size());
        assertThatThrownBy(() -> stores.samples().appendAsync(sample("late"))).isInstanceOf(StoreException.class)
            .hasMessageContaining("closed");
        assertThat(counters(stores).queued()).isEqualTo(accepted.size());
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void batchAppendAsync_dependentActionsCallTheStore_runOffTheWriterAndNeverHang() throws Exception {
        int records = 300;
        try (Stores stores = open(dir, "slabml.store.samples.durability", "BATCH",
            "slabml.store.samples.force_threads", "1")) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            // Held up, so that every action is attached before its future completes.
            synchronized (SegmentedFile.monitorFor(cardFile())) {
                for (int i = 0; i < records; i++) {
                    String id = "s" + i;
                    done.add(stores.samples().appendAsync(sample(id)).thenCompose(acknowledged -> {
                        threads.add(Thread.currentThread().getName());
                        stores.samples().append(sample(id + "-again"));
                        stores.samples().count(TaskName.CARD_IDENTIFICATION);
                        return stores.samples().appendAsync(sample(id + "-async"));
                    }));
                }
            }

            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);

            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(3L * records);
            assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("slabml-store-ack-samples-"));
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void batchAppendAsync_closeFromADependentAction_closesTheStore() throws Exception {
        Stores stores = open(dir, "slabml.store.samples.durability", "BATCH");
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<Void> closed;
        synchronized (SegmentedFile.monitorFor(cardFile())) {
            closed = stores.samples().appendAsync(sample("s1")).thenRun(() -> {
                thread.set(Thread.currentThread().getName());
                stores.close();
            });
        }

        closed.get(30, TimeUnit.SECONDS);

        assertThat(thread.get()).startsWith("slabml-store-ack-samples-");
        assertThatThrownBy(() -> stores.samples().append(sample("late"))).hasMessageContaining("closed");
        assertThat(Files.readAllLines(cardFile())).hasSize(1);
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void batchAppendAsync_writeFails_dependentRetryRunsOffTheWriter() throws Exception {
        Files.createDirectories(cardFile());
        try (Stores stores = open(dir, "slabml.store.samples.durability", "BATCH")) {
            AtomicReference<String> thread = new AtomicReference<>();
            CompletableFuture<Void> retried;
            synchronized (SegmentedFile.monitorFor(cardFile())) {
                retried = stores.samples().appendAsync(sample("s1")).exceptionallyCompose(failure -> {
                    thread.set(Thread.currentThread().getName());
                    return stores.samples().appendAsync(sample("s1", TaskName.CARD_IDENTIFICATION,
                        SampleSource.CORRECTION));
                });
            }

            retried.get(30, TimeUnit.SECONDS);
            assertThat(thread.get()).startsWith("slabml-store-ack-samples-");
            assertThat(Files.readString(dir.resolve("training_data/user_corrections.jsonl"))).contains("\"id\":\"s1\"");
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void close_whileFuturesArePending_returnsOnlyOnceEveryFutureIsCompleted() throws Exception {
        Stores stores = open(dir, "slabml.store.samples.durability", "BATCH");
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        Thread closer;
        synchronized (SegmentedFile.monitorFor(cardFile())) {
            for (int i = 0; i < 100; i++) {
                acks.add(stores.samples().appendAsync(sample("s" + i)));
            }
            closer = new Thread(stores::close);
            closer.start();
            Thread.sleep(50);
            assertThat(closer.isAlive()).isTrue();
        }

        closer.join(30_000);

        assertThat(closer.isAlive()).isFalse();
        assertThat(acks).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(Files.readAllLines(cardFile())).hasSize(100);
    }

    @Test
    void batchAppendAsync_batchSpanningSegments_forcesEverySegmentItWrote() throws Exception {
        // About 4 MB in batches of up to 8,192 records: several 1 MiB writes per batch, each to a new segment.
        int records = 12_000;
        try (Stores stores = open(dir, "slabml.store.samples.durability", "BATCH",
            "slabml.store.samples.max_file_bytes", "1000")) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            synchronized (SegmentedFile.monitorFor(cardFile())) {
                for (int i = 0; i < records; i++) {
                    acks.add(stores.samples().appendAsync(sample("s" + i)));
                }
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);

            long segments;
            try (Stream<Path> files = Files.list(dir.resolve("training_data"))) {
                segments = files.filter(f -> f.getFileName().toString().startsWith("card_identification")
                    && f.getFileName().toString().endsWith(".jsonl")).count();
            }
            assertThat(segments).isGreaterThanOrEqualTo(4);
            assertThat(counters(stores).fsyncs()).isGreaterThanOrEqualTo(segments);
            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(records);
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void batchAppendAsync_actionWaitsForAnEarlierSampleInAnotherFile_completes() throws Exception {
        try (Stores stores = open(dir, "slabml.store.samples.durability", "BATCH")) {
            CompletableFuture<Void> waited;
            List<String> completed = java.util.Collections.synchronizedList(new ArrayList<>());
            synchronized (SegmentedFile.monitorFor(cardFile())) {
                stores.samples().appendAsync(sample("blocker"));
                awaitWriterBlocked();
                // One batch, two files: card, correction, card. Completed in append order, the second
                // card's action finds the correction's future already complete.
                stores.samples().appendAsync(sample("c1")).thenRun(() -> completed.add("c1"));
                CompletableFuture<Void> correction = stores.samples().appendAsync(
                    sample("x1", TaskName.CARD_IDENTIFICATION, SampleSource.CORRECTION));
                correction.thenRun(() -> completed.add("x1"));
                waited = stores.samples().appendAsync(sample("c2")).thenRun(() -> completed.add("c2"))
                    .thenRun(correction::join);
            }

            waited.get(60, TimeUnit.SECONDS);
            assertThat(completed).containsExactly("c1", "x1", "c2");
            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(4);
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void batchAppendAsync_everyAcknowledgementThreadBlocked_storeKeepsWritingAndCatchesUpWhenFreed()
            throws Exception {
        int blockers = 256;
        try (Stores stores = open(dir, "slabml.store.samples.durability", "BATCH",
            "slabml.store.samples.force_threads", "1")) {
            CountDownLatch release = new CountDownLatch(1);
            java.util.concurrent.Semaphore started = new java.util.concurrent.Semaphore(0);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            // One batch each, so that each action holds its own acknowledgement thread.
            for (int i = 0; i < blockers; i++) {
                synchronized (SegmentedFile.monitorFor(cardFile())) {
                    all.add(stores.samples().appendAsync(sample("b" + i)).thenRun(() -> {
                        started.release();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
                }
                assertThat(started.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            }
            CompletableFuture<Void> overflowed;
            AtomicReference<String> lateThread = new AtomicReference<>();
            synchronized (SegmentedFile.monitorFor(cardFile())) {
                overflowed = stores.samples().appendAsync(sample("late")).thenRun(() -> {
                    lateThread.set(Thread.currentThread().getName());
                    stores.samples().append(sample("late-again"));
                });
            }

            // The pool is full: the late action waits, but the store still writes and forces.
            stores.samples().append(sample("probe"));
            assertThat(overflowed).isNotDone();

            release.countDown();
            overflowed.get(60, TimeUnit.SECONDS);
            assertThat(lateThread.get()).startsWith("slabml-store-ack-samples-");
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(blockers + 3);
        }
    }

    /** Waits until the samples store's writer is blocked on the file monitor the test holds. */
    private static void awaitWriterBlocked() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("slabml-store-writer-samples") && t.getState() == Thread.State.BLOCKED) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the writer never blocked on the held file");
    }

    @Test
    void syncAppendAsync_writeFails_throwsLikeAppendAndCountsTheFailure() throws Exception {
        Files.createDirectories(cardFile());
        try (Stores stores = open(dir, "slabml.store.samples.durability", "SYNC")) {
            assertThatThrownBy(() -> stores.samples().appendAsync(sample("s1"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("samples store: write failed");
            assertThat(counters(stores).failed()).isEqualTo(1);
            assertThat(counters(stores).written()).isZero();
        }
    }
}
