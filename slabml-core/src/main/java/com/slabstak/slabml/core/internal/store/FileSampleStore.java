/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.SkippedLine;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.spi.RecordLimits;
import com.slabstak.slabml.spi.SampleStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Samples as JSONL under {@code training_data/}: {@code <task>.jsonl} per task, and
 * {@code user_corrections.jsonl} for samples whose source is {@link SampleSource#CORRECTION} (of any
 * task). Each line carries a write sequence number ({@code seq}), so a task's samples read back in
 * the order they were written even though they live in two files.
 *
 * <p>Public only for {@link #counters()}; create it through {@link FileStoreProvider}.
 */
final class FileSampleStore implements SampleStore {
    static final String CORRECTIONS = "user_corrections";

    private final Path root;
    private final Path dir;
    private final Clock clock;
    private final AppendLog log;
    private final SkippedLines skipped = new SkippedLines();
    private final SampleIds ids;
    private final SegmentedFile corrections;
    private final ConcurrentHashMap<String, SegmentedFile> files = new ConcurrentHashMap<>();
    private final long maxFileBytes;
    private final FileChannels channels;
    private long lastSeq;

    FileSampleStore(Path root, LogSettings settings, Clock clock) {
        this.root = root;
        this.dir = root.resolve("training_data");
        this.clock = clock;
        this.maxFileBytes = settings.maxFileBytes();
        this.channels = settings.channels();
        createDirectories(dir);
        this.corrections = file(CORRECTIONS);
        this.log = new AppendLog("samples", settings, out -> RecordCodec.writeSeqTail(out, nextSeq()));
        this.ids = new SampleIds(this::loadIds);
    }

    /**
     * Stores the sample once per id and task: appending an id the task already holds (a retry after
     * a failure, or a repeated call) stores nothing and returns as if it had, once the stored sample is
     * forced to disk (under {@code BATCH} and {@code SYNC}).
     */
    @Override
    public void append(Sample sample) {
        SegmentedFile target = targetOf(sample);
        SampleIds.Claim claim = ids.claim(sample.task().value(), sample.id().get());
        boolean mayBeStored = true;
        try {
            if (claim.seen && alreadyStored(sample, target)) {
                return;
            }
            log.append(target, out -> RecordCodec.writeSampleHead(out, sample));
        } catch (RuntimeException e) {
            mayBeStored = mayBeStored(e);
            throw e;
        } finally {
            claim.release(mayBeStored);
        }
    }

    /**
     * Under {@code BATCH} the future completes once the sample is written and forced to disk, on one of
     * this store's acknowledgement threads (never the writer or a force thread: dependent actions may
     * call the store, but must not block on another of its futures, as they are completed in turn:
     * compose them instead); under {@code ASYNC} it is complete when returned (the sample is queued);
     * under {@code SYNC} the sample is on disk when this returns, and a failed write is thrown. With
     * {@code when_full=BLOCK} a full queue makes this call wait up to {@code block_timeout}. An id the
     * task already holds is stored once, as by {@link #append}.
     */
    @Override
    public CompletableFuture<Void> appendAsync(Sample sample) {
        SegmentedFile target = targetOf(sample);
        SampleIds.Claim claim = ids.claim(sample.task().value(), sample.id().get());
        CompletableFuture<Void> acknowledged;
        try {
            if (claim.seen && alreadyStored(sample, target)) {
                claim.release(true);
                return CompletableFuture.completedFuture(null);
            }
            acknowledged = log.appendAsync(target, out -> RecordCodec.writeSampleHead(out, sample));
        } catch (RuntimeException e) {
            claim.release(mayBeStored(e));
            throw e;
        }
        // The claim ends with the outcome; on the acknowledgement thread, before dependent actions run.
        return acknowledged.whenComplete((ok, failure) -> claim.release(failure == null || mayBeStored(failure)));
    }

    /** Whether a failed append may have left the sample in the store. */
    private static boolean mayBeStored(Throwable failure) {
        Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (f instanceof InvalidInputException) {
            return false;
        }
        return !(f instanceof StoreException) || ((StoreException) f).outcome() != StoreException.Outcome.NOT_WRITTEN;
    }

    /**
     * Whether a sample with this id is stored for the task (the hash of its id was seen): if so, makes
     * sure it is on disk as the durability promises, so that acknowledging the retry is honest.
     */
    private boolean alreadyStored(Sample sample, SegmentedFile target) {
        String id = sample.id().get();
        boolean found;
        try (Stream<Sample> stored = read(sample.task())) {
            found = stored.anyMatch(s -> s.id().filter(id::equals).isPresent());
        }
        if (found && log.settings().durability() != Durability.ASYNC) {
            try {
                target.force();
            } catch (IOException e) {
                throw new StoreException("samples store: sample " + id + " is stored but forcing it to disk failed: "
                    + e.getMessage(), e, StoreException.Outcome.UNKNOWN);
            }
        }
        return found;
    }

    /** Checks what the file store needs of a sample and returns the file it goes to. */
    private SegmentedFile targetOf(Sample sample) {
        Objects.requireNonNull(sample, "sample");
        if (sample.id().isEmpty()) {
            throw new InvalidInputException("id", "a stored sample needs an id (the collector assigns it)");
        }
        if (sample.createdAt().isEmpty()) {
            throw new InvalidInputException("created_at", "a stored sample needs its time (the collector assigns it)");
        }
        if (sample.task().value().equals(CORRECTIONS)) {
            throw new InvalidInputException("task", "'" + CORRECTIONS + "' is reserved by the file store");
        }
        RecordLimits.checkText("id", sample.id().get());
        RecordLimits.checkText("user_id", sample.userId().orElse(null));
        JsonText.check("corrected_fields", sample.correctedFields());
        JsonText.check("input", sample.input());
        JsonText.check("output", sample.output());
        JsonText.check("original", sample.original());
        return sample.source() == SampleSource.CORRECTION ? corrections : file(sample.task().value());
    }

    @Override
    public Stream<Sample> read(TaskName task) {
        Objects.requireNonNull(task, "task");
        log.awaitWritten();
        RecordIterator<RecordCodec.SampleLine> own = new RecordIterator<>(file(task.value()).segments(), root,
            RecordCodec::readSample, skipped);
        RecordIterator<RecordCodec.SampleLine> corrected = new RecordIterator<>(corrections.segments(), root,
            (line, file, n) -> {
                RecordCodec.SampleLine s = RecordCodec.readSample(line, file, n);
                return s.sample().task().equals(task) ? s : null;
            }, skipped);
        Merged merged = new Merged(own, corrected);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED | Spliterator.NONNULL),
            false).onClose(merged::close);
    }

    /** Counts from the segment indexes: only what was appended since the last count is scanned. */
    @Override
    public long count(TaskName task) {
        Objects.requireNonNull(task, "task");
        log.awaitWritten();
        long n = 0;
        for (Path seg : file(task.value()).segments()) {
            n += SegmentIndex.count(root, seg, null).records();
        }
        for (Path seg : corrections.segments()) {
            n += SegmentIndex.count(root, seg, RecordCodec::sampleTask).byKey().getOrDefault(task.value(), 0L);
        }
        return n;
    }

    @Override
    public List<SkippedLine> skippedLines() {
        return skipped.list();
    }

    /** Scans the stored samples of {@code task} for the hashes of their ids (see {@link SampleIds}). */
    private SampleIds.LongSet loadIds(String task) {
        SampleIds.LongSet set = new SampleIds.LongSet();
        try (Stream<Sample> stored = read(TaskName.of(task))) {
            stored.forEach(s -> s.id().ifPresent(id -> set.add(SampleIds.hash(task, id))));
        }
        return set;
    }

    /** Returns what the writer did so far. */
    public StoreCounters counters() {
        return log.counters();
    }

    /** Writes what is queued, forces it to disk and stops the writer thread. */
    @Override
    public void close() {
        log.close();
    }

    /** Increasing within this store, close to wall-clock microseconds (assigned in write order, see {@link AppendLog.LineEnd}). */
    private synchronized long nextSeq() {
        long now = clock.millis() * 1000;
        lastSeq = Math.max(now, lastSeq + 1);
        return lastSeq;
    }

    private SegmentedFile file(String base) {
        return files.computeIfAbsent(base, b -> new SegmentedFile(root, dir, b, maxFileBytes, channels));
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Merges two sample iterators by write sequence; on a tie, the first wins. */
    private static final class Merged implements Iterator<Sample>, AutoCloseable {
        private final RecordIterator<RecordCodec.SampleLine> a;
        private final RecordIterator<RecordCodec.SampleLine> b;
        private RecordCodec.SampleLine headA;
        private RecordCodec.SampleLine headB;

        Merged(RecordIterator<RecordCodec.SampleLine> a, RecordIterator<RecordCodec.SampleLine> b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public boolean hasNext() {
            if (headA == null && a.hasNext()) {
                headA = a.next();
            }
            if (headB == null && b.hasNext()) {
                headB = b.next();
            }
            return headA != null || headB != null;
        }

        @Override
        public Sample next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordCodec.SampleLine out;
            if (headB == null || (headA != null && headA.seq() <= headB.seq())) {
                out = headA;
                headA = null;
            } else {
                out = headB;
                headB = null;
            }
            return out.sample();
        }

        @Override
        public void close() {
            try {
                a.close();
            } finally {
                b.close();
            }
        }
    }
}
