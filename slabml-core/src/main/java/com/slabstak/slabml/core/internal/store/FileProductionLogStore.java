/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.spi.MonthAggregate;
import com.slabstak.slabml.spi.MonthAggregator;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.RecordLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Production records as JSONL under {@code evaluation_results/}, one log per month of the record's
 * timestamp in UTC: {@code production_log_YYYYMM.jsonl} (then {@code production_log_YYYYMM.000001.jsonl}
 * and so on past the size limit). Reading a month streams it in constant memory; aggregating a
 * month ({@link #aggregator()}) scans its files in parallel, parsing only the fields the analysis
 * needs.
 *
 * <p>Public only for {@link #counters()}, {@link #count(YearMonth)} and
 * {@link #aggregate(YearMonth, Function)}; create it through {@link FileStoreProvider}.
 */
public final class FileProductionLogStore implements ProductionLogStore {
    private static final Pattern MONTH_FILE = Pattern.compile("production_log_(\\d{4})(\\d{2})\\.jsonl");

    private final Path root;
    private final Path dir;
    private final long maxFileBytes;
    private final AppendLog log;
    private final SkippedLines skipped = new SkippedLines();
    private final ConcurrentHashMap<YearMonth, SegmentedFile> files = new ConcurrentHashMap<>();

    FileProductionLogStore(Path root, LogSettings settings) {
        this.root = root;
        this.dir = root.resolve("evaluation_results");
        this.maxFileBytes = settings.maxFileBytes();
        FileSampleStore.createDirectories(dir);
        this.log = new AppendLog("production_log", settings);
    }

    @Override
    public void append(ProductionRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.id().isEmpty()) {
            throw new InvalidInputException("id", "a stored production record needs an id");
        }
        if (record.timestamp().isEmpty()) {
            throw new InvalidInputException("timestamp", "a stored production record needs its timestamp");
        }
        RecordLimits.checkText("id", record.id().get());
        RecordLimits.checkText("model_id", record.modelId());
        RecordLimits.checkText("subject", record.subject().orElse(null));
        JsonText.check("prediction", record.prediction());
        JsonText.check("correction", record.correction());
        YearMonth month = YearMonth.from(record.timestamp().get().atZone(ZoneOffset.UTC));
        log.append(file(month), out -> RecordCodec.writeProductionRecord(out, record));
    }

    @Override
    public Stream<ProductionRecord> read(YearMonth month) {
        Objects.requireNonNull(month, "month");
        log.awaitWritten();
        return RecordIterator.stream(file(month).segments(), root, RecordCodec::readProductionRecord, skipped);
    }

    /** Reads from a byte offset: the cost is the records returned, however long the month is. */
    @Override
    public Page readAfter(YearMonth month, String position, int limit) {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(position, "position");
        log.awaitWritten();
        return ProductionLogTail.read(file(month).segments(), root, position, limit, RecordCodec::readProductionRecord);
    }

    /**
     * Offers aggregation by scanning the month's files; records stored without a correction
     * judgement count the correction's fields whose values differ from the prediction's.
     */
    @Override
    public Optional<MonthAggregator> aggregator() {
        return Optional.of(month -> aggregate(month, FileProductionLogStore::differingFields));
    }

    /**
     * Aggregates a month by scanning its files on up to one thread per core, skipping (and
     * counting) lines that are not production records.
     *
     * @param judge the corrected fields of a record stored without a judgement
     * @return the month's groups
     */
    public MonthAggregate aggregate(YearMonth month, Function<ProductionRecord, List<String>> judge) {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(judge, "judge");
        log.awaitWritten();
        return new ProductionLogScanner(root, judge, Runtime.getRuntime().availableProcessors())
            .aggregate(month, file(month).segments());
    }

    /** The fields of the correction whose values differ from the prediction's. */
    static List<String> differingFields(ProductionRecord r) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : r.correction().entrySet()) {
            if (!Objects.equals(e.getValue(), r.prediction().get(e.getKey()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    @Override
    public List<YearMonth> months() {
        log.awaitWritten();
        List<YearMonth> out = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(p -> {
                Matcher m = MONTH_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
                }
            });
        } catch (IOException e) {
            throw new StoreException("listing " + dir + " failed: " + e.getMessage(), e);
        }
        out.sort(null);
        return List.copyOf(out);
    }

    /** Returns the number of records of a month, from the segment indexes. */
    public long count(YearMonth month) {
        Objects.requireNonNull(month, "month");
        log.awaitWritten();
        long n = 0;
        for (Path seg : file(month).segments()) {
            n += SegmentIndex.count(root, seg, null).records();
        }
        return n;
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

    private SegmentedFile file(YearMonth month) {
        return files.computeIfAbsent(month, m -> new SegmentedFile(root, dir,
            String.format("production_log_%04d%02d", m.getYear(), m.getMonthValue()), maxFileBytes));
    }
}
