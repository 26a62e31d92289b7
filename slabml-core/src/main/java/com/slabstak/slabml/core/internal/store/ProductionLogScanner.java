/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.core.internal.analysis.MonthTally;
import com.slabstak.slabml.spi.MonthAggregate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates a month of production log files without building a record per line: each line is
 * scanned for the few fields the analysis needs ({@code model_id}, {@code arm}, {@code corrected},
 * {@code corrected_fields}, {@code rating}, {@code latency_ms}, {@code usage}), the rest skipped,
 * prediction and correction included ({@link ProductionLineScanner}; a line it is unsure of goes
 * through a streaming JSON parser that skips the same children). The
 * files are cut into ranges of whole lines, read on up to one thread per core, each into its own
 * {@link MonthTally}, merged at the end; memory is the tallies plus one buffer per thread.
 *
 * <p>A line stored without a correction judgement (written before 0.2) that carries a correction
 * is decoded in full and judged by the given function. A line that cannot be read is skipped and
 * counted ({@link MonthAggregate#skippedRecords()}), the first few logged at WARN; an incomplete
 * last line (an append in progress) is left out without counting.
 */
final class ProductionLogScanner {
    private static final Logger LOG = LoggerFactory.getLogger(ProductionLogScanner.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** The size of the ranges files are cut into. */
    static final long RANGE_BYTES = 32L * 1024 * 1024;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int WARNINGS = 5;

    private final Path root;
    private final Function<ProductionRecord, List<String>> judge;
    private final int threads;
    private final long rangeBytes;
    private final AtomicInteger warnings = new AtomicInteger();

    /**
     * @param judge the fields corrected in a record stored without a judgement
     * @param threads the most threads to read with
     */
    ProductionLogScanner(Path root, Function<ProductionRecord, List<String>> judge, int threads) {
        this(root, judge, threads, RANGE_BYTES);
    }

    /** Cuts files into ranges of {@code rangeBytes} (tests use small ones). */
    ProductionLogScanner(Path root, Function<ProductionRecord, List<String>> judge, int threads, long rangeBytes) {
        this.root = root;
        this.judge = judge;
        this.threads = Math.max(1, threads);
        this.rangeBytes = rangeBytes;
    }

    /** A part of one file: whole lines that start in {@code [start, end)}. */
    private record Range(Path file, long start, long end, long size) {
    }

    MonthAggregate aggregate(YearMonth month, List<Path> segments) {
        List<Range> ranges = new ArrayList<>();
        for (Path seg : segments) {
            long size;
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
                size = ch.size();
            } catch (IOException e) {
                throw new StoreException("reading " + RecordIterator.display(root, seg) + " failed: " + e.getMessage(), e);
            }
            for (long start = 0; start < size; start += rangeBytes) {
                ranges.add(new Range(seg, start, Math.min(size, start + rangeBytes), size));
            }
        }
        MonthTally total = new MonthTally();
        int n = Math.min(threads, ranges.size());
        if (n <= 1) {
            byte[] buffer = new byte[BUFFER_BYTES];
            ProductionLineScanner lines = new ProductionLineScanner();
            for (Range r : ranges) {
                scan(r, total, buffer, lines);
            }
            return total.aggregate(month);
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "slabml-analysis");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<MonthTally>> parts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                parts.add(pool.submit(() -> {
                    MonthTally tally = new MonthTally();
                    byte[] buffer = new byte[BUFFER_BYTES];
                    ProductionLineScanner lines = new ProductionLineScanner();
                    for (int k = next.getAndIncrement(); k < ranges.size(); k = next.getAndIncrement()) {
                        scan(ranges.get(k), tally, buffer, lines);
                    }
                    return tally;
                }));
            }
            for (Future<MonthTally> f : parts) {
                total.merge(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("analysis of " + month + " interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new StoreException("analysis of " + month + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return total.aggregate(month);
    }

    /**
     * Reads the lines that start in the range: a range not at the start of its file begins after
     * the first newline at or after {@code start - 1}, and the last line may run past {@code end}.
     */
    private void scan(Range range, MonthTally tally, byte[] initial, ProductionLineScanner lines) {
        String name = RecordIterator.display(root, range.file());
        byte[] buf = initial;
        try (FileChannel ch = FileChannel.open(range.file(), StandardOpenOption.READ)) {
            long pos = range.start() == 0 ? 0 : range.start() - 1;
            int len = 0;
            boolean skipFirst = range.start() != 0;
            long lineStartPos = pos;
            while (true) {
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int read = ch.read(ByteBuffer.wrap(buf, len, buf.length - len), pos + len);
                boolean eof = read <= 0;
                if (!eof) {
                    len += read;
                }
                int from = 0;
                for (int i = 0; i < len; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    if (skipFirst) {
                        skipFirst = false;
                    } else {
                        line(buf, from, i - from, tally, lines, name, lineStartPos);
                    }
                    from = i + 1;
                    lineStartPos = pos + from;
                    if (lineStartPos >= range.end()) {
                        return;
                    }
                }
                if (eof) {
                    if (len > from && !skipFirst && !blank(buf, from, len)) {
                        LOG.warn("{}: skipped an incomplete last line ({} bytes at offset {}): a torn write or an "
                            + "append in progress", name, len - from, lineStartPos);
                    }
                    return;
                }
                System.arraycopy(buf, from, buf, 0, len - from);
                pos += from;
                len -= from;
            }
        } catch (IOException e) {
            throw new StoreException("reading " + name + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\r' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private void line(byte[] buf, int off, int len, MonthTally tally, ProductionLineScanner lines, String file,
        long offset) {
        if (blank(buf, off, off + len)) {
            return;
        }
        try {
            ProductionLineScanner.Result r = lines.scan(buf, off, len, tally);
            boolean counted = r == ProductionLineScanner.Result.COUNTED
                || r == ProductionLineScanner.Result.UNSURE && parse(buf, off, len, tally);
            if (!counted) {
                slow(new String(buf, off, len, StandardCharsets.UTF_8), tally, file, offset);
            }
        } catch (IOException | RuntimeException e) {
            tally.skip();
            if (warnings.incrementAndGet() <= WARNINGS) {
                LOG.warn("{}: skipped the line at byte offset {}, which is not a production record: {}", file, offset,
                    e.getMessage());
            }
        }
    }

    /**
     * Reads the fields the analysis needs with a streaming JSON parser that skips the rest (for the
     * lines {@link ProductionLineScanner} is unsure of) and counts the record; returns false,
     * counting nothing, when the line carries a correction but no judgement of it.
     */
    private static boolean parse(byte[] buf, int off, int len, MonthTally tally) throws IOException {
        String model = null;
        Arm arm = null;
        int rating = 0;
        long latency = -1;
        long prompt = 0;
        long completion = 0;
        Boolean corrected = null;
        List<String> fields = null;
        boolean hasCorrection = false;
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "model_id" -> model = text(p, t, field);
                    case "arm" -> arm = arm(text(p, t, field));
                    case "rating" -> {
                        rating = integer(p, t, field);
                        if (rating < 1 || rating > 5) {
                            throw new IllegalArgumentException("rating must be 1-5, was " + rating);
                        }
                    }
                    case "latency_ms" -> latency = longValue(p, t, field);
                    case "usage" -> {
                        expect(t, JsonToken.START_OBJECT, field);
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String u = p.currentName();
                            JsonToken v = p.nextToken();
                            if ("prompt_tokens".equals(u)) {
                                prompt = longValue(p, v, "usage.prompt_tokens");
                            } else if ("completion_tokens".equals(u)) {
                                completion = longValue(p, v, "usage.completion_tokens");
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    case "corrected" -> {
                        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                            throw new IllegalArgumentException("field 'corrected' is not a boolean");
                        }
                        corrected = t == JsonToken.VALUE_TRUE;
                    }
                    case "corrected_fields" -> {
                        expect(t, JsonToken.START_ARRAY, field);
                        fields = new ArrayList<>(2);
                        JsonToken v;
                        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                            fields.add(text(p, v, field));
                        }
                    }
                    case "correction" -> {
                        expect(t, JsonToken.START_OBJECT, field);
                        if (p.nextToken() == JsonToken.FIELD_NAME) {
                            hasCorrection = true;
                            while (p.nextToken() != JsonToken.END_OBJECT) {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not a single JSON object");
            }
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("missing field 'model_id'");
        }
        if (arm == null) {
            throw new IllegalArgumentException("missing field 'arm'");
        }
        if (corrected == null && hasCorrection) {
            return false;
        }
        MonthTally.Counters c = tally.counters(model, arm);
        c.record();
        if (Boolean.TRUE.equals(corrected)) {
            c.corrected();
            if (fields != null) {
                for (String f : fields) {
                    c.field(f);
                }
            }
        }
        if (rating != 0) {
            c.rating(rating);
        }
        if (latency >= 0) {
            c.latency(latency);
        }
        c.tokens(prompt, completion);
        return true;
    }

    private void slow(String line, MonthTally tally, String file, long offset) {
        ProductionRecord r = RecordCodec.readProductionRecord(line, file, offset);
        tally.add(r, judge.apply(r));
    }

    private static void expect(JsonToken t, JsonToken wanted, String field) {
        if (t != wanted) {
            throw new IllegalArgumentException("field '" + field + "' is not " + (wanted == JsonToken.START_ARRAY ? "a list" : "an object"));
        }
    }

    private static String text(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("field '" + field + "' is not a string");
        }
        return p.getText();
    }

    private static int integer(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("field '" + field + "' is not a whole number");
        }
        return p.getIntValue();
    }

    private static long longValue(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return (long) p.getDoubleValue();
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("field '" + field + "' is not a number");
        }
        return p.getLongValue();
    }

    private static Arm arm(String text) {
        return switch (text) {
            case "base" -> Arm.BASE;
            case "candidate" -> Arm.CANDIDATE;
            case "fallback" -> Arm.FALLBACK;
            default -> Arm.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        };
    }

}
