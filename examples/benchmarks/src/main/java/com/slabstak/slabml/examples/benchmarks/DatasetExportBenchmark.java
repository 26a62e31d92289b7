/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.simulator.SimulatedModelCatalog;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.testkit.InMemoryStores;
import com.slabstak.slabml.simulator.SimulatedModelCatalog;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Task;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Exports and validates N card-identification samples end to end through {@code SlabMl.exporter()}
 * (two streaming passes over the
 * store, dedupe and conflict resolution, stratified split, rendering, writing, validation with
 * exact o200k_base token counts, atomic move) and reports samples/s, MB/s and heap, for several N
 * in one JVM, so the heap can be compared as the dataset grows. Throughput is given per second of
 * the exporting thread's CPU time (the export runs on one thread; wall time is printed as well and
 * depends on what else the machine runs). "Heap after GC, peak" is the largest heap in use right
 * after any collection during the export: an upper bound of what the export keeps alive.
 *
 * <p>Samples come from a store that generates them on every read (deterministic, about 10% rescans
 * of an earlier card with OCR noise, a few conflicting labels), so the store itself holds nothing
 * and the heap measured is the exporter's and the validator's.
 *
 * {@code java -Xmx256m -cp examples/benchmarks/target/benchmarks.jar com.slabstak.slabml.examples.benchmarks.DatasetExportBenchmark --sizes 10000,100000,300000}
 *
 * <p>Options: {@code --sizes} (default 10000,100000,300000), {@code --index-mb} (the export index's
 * memory budget in MB, {@code slabml.export.index_memory_mb}, default 16), {@code --dir} (default
 * {@code target/bench-dataset}), {@code --loaded} (default 100000: how many samples to hold in
 * memory at the end, for comparison; 0 skips it).
 */
public final class DatasetExportBenchmark {
    private static final String MODEL = "gpt-4o-mini-2024-07-18";

    private DatasetExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-dataset"));
        int[] sizes = Stream.of(opts.getOrDefault("--sizes", "10000,100000,300000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        HeapWatch heap = new HeapWatch();
        String indexMb = opts.getOrDefault("--index-mb", "16");
        System.out.printf(Locale.ROOT, "java %s (%s), %s %s, %d processors, max heap %d MB%n",
            System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
            System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20);
        // warm-up: load the encodings and JIT the paths once
        run(2_000, dir.resolve("warmup"), heap, false, indexMb);
        System.out.printf(Locale.ROOT, "export index memory budget: %.1f MB%n", Double.parseDouble(indexMb));
        System.out.printf(Locale.ROOT, "%n| samples | exported (train/validation) | dupes removed | conflicts | "
            + "written MB | training tokens | export wall s | export CPU s | samples/CPU-s | MB/CPU-s | "
            + "validate-only MB/CPU-s | validate-only examples/CPU-s | export heap after GC, peak MB | "
            + "export heap used, peak MB | validate-only heap after GC, peak MB | SHA-256 of the files (first 12) |%n");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int n : sizes) {
            try {
                run(n, dir.resolve("n" + n), heap, true, indexMb);
            } catch (InvalidInputException e) {
                // for example a training file over the provider's 512 MB: the export refuses and writes nothing
                System.out.printf(Locale.ROOT, "| %,d | refused: %s; files left in the export directory: %d; "
                    + "export heap after GC, peak %.0f MB |%n", n, e.getMessage(), countFiles(exports(dir.resolve("n" + n))),
                    heap.peakAfterGc() / 1048576.0);
                deleteTree(dir.resolve("n" + n));
            }
        }
        int loaded = Integer.parseInt(opts.getOrDefault("--loaded", "100000"));
        if (loaded > 0) {
            // for comparison: what holding the samples themselves in memory would take
            System.gc();
            long before = usedAfterGc();
            List<Sample> all;
            try (Stream<Sample> s = new GeneratedStore(loaded).read(TaskName.CARD_IDENTIFICATION)) {
                all = s.toList();
            }
            long after = usedAfterGc();
            System.out.printf(Locale.ROOT, "%nholding %,d samples in memory instead: %.0f MB (%.2f KB per sample)%n",
                all.size(), (after - before) / 1048576.0, (after - before) / 1024.0 / all.size());
        }
    }

    private static long usedAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void run(int n, Path dir, HeapWatch heap, boolean print, String indexMb) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        SampleStore store = new GeneratedStore(n);
        Stores memory = InMemoryStores.create();
        Stores stores = new Stores(store, memory.productionLog(), memory.registry(), memory.jobs());
        try (SlabMl ml = SlabMl.builder().dataDirectory(dir).stores(stores).addTask(new BenchCardTask())
                 .clock(Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC))
                 .modelCatalog(SimulatedModelCatalog.create()).fineTuningBackend(Workload.noFineTuning())
                 .inferenceBackend(Workload.noInference()).putConfig("slabml.export.index_memory_mb", indexMb).build()) {
            System.gc();
            heap.reset();
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            ExportResult r = ml.exporter().export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION)
                .validationFraction(0.10).seed(42).model(MODEL).build());
            long exportNanos = System.nanoTime() - t0;
            long exportCpu = threads.getCurrentThreadCpuTime() - c0;
            long afterGcPeak = heap.peakAfterGc();
            long usedPeak = heap.peakUsed();

            Path train = r.trainingFile();
            long bytes = Files.size(train) + (r.validationFile().isPresent() ? Files.size(r.validationFile().get()) : 0);
            System.gc();
            heap.reset();
            long c1 = threads.getCurrentThreadCpuTime();
            ValidationReport report = ml.exporter().validate(train, MODEL);
            long validateCpu = threads.getCurrentThreadCpuTime() - c1;
            long validateAfterGcPeak = heap.peakAfterGc();
            if (!report.isValid()) {
                throw new IllegalStateException(report.summary());
            }
            if (countFiles(exports(dir)) != (r.validationFile().isPresent() ? 2 : 1)) {
                throw new IllegalStateException("temporary files left in " + exports(dir));
            }
            if (print) {
                // conflicts as the collector counts them, by the same rules (outside the measurements)
                long conflicts = ml.collector().stats(TaskName.CARD_IDENTIFICATION).conflicts();
                String sha = sha256(train, r.validationFile().orElse(null));
                double s = exportNanos / 1e9;
                double cpu = exportCpu / 1e9;
                double vcpu = validateCpu / 1e9;
                System.out.printf(Locale.ROOT, "| %,d | %,d / %,d | %,d | %,d | %.1f | %,d | %.1f | %.1f | %,.0f | %.2f"
                        + " | %.2f | %,.0f | %.0f | %.0f | %.0f | %s |%n",
                    n, r.trainingExamples(), r.validationExamples(), r.duplicatesRemoved(), conflicts, bytes / 1e6,
                    r.trainingTokens(), s, cpu, n / cpu, bytes / 1e6 / cpu, Files.size(train) / 1e6 / vcpu,
                    report.examples() / vcpu, afterGcPeak / 1048576.0, usedPeak / 1048576.0,
                    validateAfterGcPeak / 1048576.0, sha);
            }
        }
        deleteTree(dir);
    }

    /** Where the exporter of a SlabML instance over {@code dataDirectory} writes. */
    private static Path exports(Path dataDirectory) {
        return dataDirectory.resolve("training_data").resolve("exports");
    }

    private static String sha256(Path train, Path validation) throws IOException {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Path p : validation == null ? List.of(train) : List.of(train, validation)) {
                try (java.io.InputStream in = new java.security.DigestInputStream(Files.newInputStream(p), md)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Tracks the heap: the largest heap in use right after a collection, and the largest at all. */
    private static final class HeapWatch {
        private final AtomicLong peakAfterGc = new AtomicLong();

        HeapWatch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (isHeap(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    long u = used;
                    peakAfterGc.accumulateAndGet(u, Math::max);
                }, null, null);
            }
        }

        private static boolean isHeap(String pool) {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getName().equals(pool)) {
                    return p.getType() == MemoryType.HEAP;
                }
            }
            return false;
        }

        void reset() {
            peakAfterGc.set(0);
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    p.resetPeakUsage();
                }
            }
        }

        long peakAfterGc() {
            return peakAfterGc.get();
        }

        long peakUsed() {
            long sum = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    sum += p.getPeakUsage().getUsed();
                }
            }
            return sum;
        }
    }

    /** A store that generates the same n samples on every read and keeps none. */
    private static final class GeneratedStore implements SampleStore {
        private static final String[] FIRST = {"Michael", "Tom", "Ken", "Derek", "LeBron", "Kobe", "Wayne", "Mickey",
            "Patrick", "Shohei", "Mike", "Peyton", "Sidney", "Connor", "Luka", "Stephen", "Aaron", "Joe", "Jerry",
            "Hank"};
        private static final String[] LAST = {"Jordan", "Brady", "Griffey", "Jeter", "James", "Bryant", "Gretzky",
            "Mantle", "Mahomes", "Ohtani", "Trout", "Manning", "Crosby", "McDavid", "Doncic", "Curry", "Judge",
            "Montana", "Rice", "Aaron"};
        private static final String[] BRANDS = {"Fleer", "Topps", "Panini Prizm", "Upper Deck", "Bowman Chrome",
            "Donruss", "Score", "O-Pee-Chee", "Select", "Optic"};
        private static final String[] SPORTS = {"basketball", "football", "baseball", "hockey", "soccer"};
        private static final String[] COMPANIES = {"PSA", "BGS", "SGC", "CGC"};
        private static final String[] GRADES = {"10", "9.5", "9", "8.5", "8", "7", "6"};

        private final int n;

        GeneratedStore(int n) {
            this.n = n;
        }

        @Override
        public void append(Sample sample) {
            throw new UnsupportedOperationException("generated store");
        }

        @Override
        public Stream<Sample> read(TaskName task) {
            return IntStream.range(0, n).mapToObj(this::sample);
        }

        private Sample sample(int i) {
            SplittableRandom r = new SplittableRandom(0x5EED_0000L + i);
            int card = i;
            boolean rescan = i > 0 && r.nextInt(10) == 0;
            if (rescan) {
                card = r.nextInt(i);
            }
            CardData c = card(card);
            String ocr = ocr(c, card);
            if (rescan) {
                ocr = noise(ocr, r);
            }
            Map<String, Object> output = new LinkedHashMap<>(c.toMap());
            if (rescan && r.nextInt(50) == 0) {
                ocr = ocr(c, card);
                output.put("grade", GRADES[r.nextInt(GRADES.length)]);
            }
            return Sample.builder()
                .id("s" + i)
                .task(TaskName.CARD_IDENTIFICATION)
                .source(r.nextInt(5) == 0 ? SampleSource.CORRECTION : SampleSource.VALIDATED)
                .userId("user" + r.nextInt(500))
                .putInput("ocr_text", ocr)
                .output(output)
                .confidence(0.8 + r.nextInt(21) / 100.0)
                .createdAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 60L))
                .build();
        }

        private static CardData card(int k) {
            Random r = new Random(k * 7919L + 17);
            return CardData.builder()
                .player(FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)])
                .year(String.valueOf(1950 + r.nextInt(75)))
                .brand(BRANDS[r.nextInt(BRANDS.length)])
                .cardNumber(String.valueOf(1 + k % 9973))
                .grade(GRADES[r.nextInt(GRADES.length)])
                .gradingCompany(COMPANIES[r.nextInt(COMPANIES.length)])
                .sport(SPORTS[r.nextInt(SPORTS.length)])
                .certNumber(String.valueOf(10_000_000 + k))
                .build();
        }

        private static String ocr(CardData c, int k) {
            return (c.year() + " " + c.brand() + " " + c.player() + " #" + c.cardNumber().orElse("") + " "
                + c.gradingCompany().orElse("") + " " + c.grade().orElse("") + " GEM MT CERT "
                + c.certNumber().orElse("") + " " + c.sport().orElse("")).toUpperCase(Locale.ROOT);
        }

        private static String noise(String s, SplittableRandom r) {
            char[] chars = s.toCharArray();
            for (int k = 0; k < 2; k++) {
                int p = r.nextInt(chars.length);
                char ch = chars[p];
                chars[p] = ch == 'O' ? '0' : ch == 'I' ? '1' : ch == 'E' ? 'F' : ch == 'S' ? '5' : ch;
            }
            return new String(chars).replace("#", r.nextBoolean() ? "# " : "");
        }
    }

    /** Card identification rendered with a production-sized system prompt. */
    private static final class BenchCardTask implements Task {
        private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        private static final String SYSTEM = "You are an expert sports card identifier. Given the OCR text of a "
            + "card or of a grading slab's label, identify the card and answer with one JSON object with the "
            + "fields player, year, brand, card_number, grade, grading_company, and when known set, sport, team, "
            + "variant, serial_number, rookie, autograph and cert_number. Use null for unknown values. Do not "
            + "add any text outside the JSON object.";

        @Override
        public TaskName name() {
            return TaskName.CARD_IDENTIFICATION;
        }

        @Override
        public List<ChatMessage> prompt(Map<String, Object> input) {
            validateInput(input);
            return List.of(ChatMessage.system(SYSTEM), ChatMessage.user("OCR text: " + input.get("ocr_text")));
        }

        @Override
        public String answer(Map<String, Object> output) {
            try {
                return JSON.writeValueAsString(new TreeMap<>(output));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> parse(String answer) {
            try {
                return JSON.readValue(answer, Map.class);
            } catch (JsonProcessingException e) {
                throw new com.slabstak.slabml.InvalidAnswerException("not a JSON object: " + e.getOriginalMessage(), e);
            }
        }

        @Override
        public void validateInput(Map<String, Object> input) {
            if (!(input.get("ocr_text") instanceof String)) {
                throw new InvalidInputException("ocr_text", "must be text");
            }
        }

        @Override
        public void validateOutput(Map<String, Object> output) {
        }

        @Override
        public List<String> fields() {
            return new ArrayList<>(CardData.CORE_FIELDS);
        }
    }
}
