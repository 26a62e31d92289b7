/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.FileStores;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.observe.StoreStats;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Realistic card-identification samples and store set-up shared by the benchmarks. */
final class Workload {
    private static final String[] PLAYERS = {"Michael Jordan", "Ken Griffey Jr.", "Mickey Mantle", "LeBron James",
        "Wayne Gretzky", "Tom Brady", "Shohei Ohtani", "Kobe Bryant"};

    private Workload() {
    }

    /** Returns {@code n} distinct samples, the size of a typical collected scan (about 400 bytes as JSON). */
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The sample with an id no other append of the run has: the store keeps one sample per id, so
     * appending the pool's samples again would measure the duplicate check, not writes.
     */
    static Sample unique(Sample s) {
        return s.toBuilder().id("smp_" + Long.toHexString(IDS.incrementAndGet())).build();
    }

    static Sample[] samples(int n) {
        Sample[] out = new Sample[n];
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        for (int i = 0; i < n; i++) {
            String player = PLAYERS[i % PLAYERS.length];
            out[i] = Sample.builder()
                .id("smp_" + Long.toHexString(0x5eed0000L + i))
                .task(TaskName.CARD_IDENTIFICATION)
                .source(i % 5 == 0 ? SampleSource.CORRECTION : SampleSource.VALIDATED)
                .createdAt(t0.plusMillis(i))
                .confidence(0.95)
                .userId("user-" + (i % 97))
                .putInput("ocr_text", player.toUpperCase() + " 1986-87 FLEER #" + (i % 200) + " PSA 9 MINT "
                    + "CERT " + (40_000_000 + i))
                .putOutput("player", player)
                .putOutput("year", "1986")
                .putOutput("brand", "Fleer")
                .putOutput("card_number", Integer.toString(i % 200))
                .putOutput("grade", "9")
                .putOutput("grading_company", "PSA")
                .build();
        }
        return out;
    }

    /** The JSON line the simple approach writes per sample (what a service would hand to Jackson). */
    static Map<String, Object> asMap(Sample s) {
        return Map.of("id", s.id().orElseThrow(), "task", s.task().value(), "source", s.source().value(),
            "confidence", s.confidence(), "created_at", s.createdAt().orElseThrow().toString(),
            "user_id", s.userId().orElseThrow(), "input", s.input(), "output", s.output());
    }

    static Stores open(Path dir, String durability, Map<String, String> extra) {
        return open(dir, durability, extra, SlabMlObserver.NOOP);
    }

    /** The file stores, telling {@code observer} about their queues and writes. */
    static Stores open(Path dir, String durability, Map<String, String> extra, SlabMlObserver observer) {
        java.util.HashMap<String, String> config = new java.util.HashMap<>(extra);
        config.put("slabml.store.durability", durability);
        return FileStores.open(ProviderContext.of(SlabMlConfig.of(config), dir, Clock.systemUTC(), observer));
    }

    /** An observer that keeps the samples store's statistics, read with {@link #get()}. */
    static final class SampleStoreStats implements SlabMlObserver {
        private volatile java.util.function.Supplier<StoreStats> samples = () -> StoreStats.EMPTY;

        @Override
        public void storeOpened(String store, java.util.function.Supplier<StoreStats> stats) {
            if (store.equals("samples")) {
                samples = stats;
            }
        }

        StoreStats get() {
            return samples.get();
        }
    }

    /**
     * A SlabML instance over {@code stores} for the benchmarks that go through its services: the
     * given inference backend, and no fine-tuning (these benchmarks never train).
     */
    static SlabMl slabMl(Stores stores, Path dir, InferenceBackend inference, Map<String, String> config) {
        return slabMl(stores, dir, inference, config, Clock.systemUTC());
    }

    /** As {@link #slabMl(Stores, Path, InferenceBackend, Map)}, on the given clock. */
    static SlabMl slabMl(Stores stores, Path dir, InferenceBackend inference, Map<String, String> config,
                         Clock clock) {
        SlabMl.Builder b = SlabMl.builder().dataDirectory(dir).stores(stores).fineTuningBackend(noFineTuning())
            .modelCatalog(com.slabstak.slabml.simulator.SimulatedModelCatalog.create())
            .inferenceBackend(inference).clock(clock);
        config.forEach(b::putConfig);
        return b.build();
    }

    /** A fine-tuning backend for benchmarks that never train: every call but {@code close} fails. */
    static FineTuningBackend noFineTuning() {
        return (FineTuningBackend) java.lang.reflect.Proxy.newProxyInstance(FineTuningBackend.class.getClassLoader(),
            new Class<?>[] {FineTuningBackend.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "close":
                        return null;
                    case "toString":
                        return "no fine-tuning";
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        break;
                }
                if (method.isDefault()) {
                    return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new UnsupportedOperationException("fine-tuning is not part of this benchmark");
            });
    }

    /** An inference backend for benchmarks that never serve. */
    static InferenceBackend noInference() {
        return r -> {
            throw new UnsupportedOperationException("serving is not part of this benchmark");
        };
    }

    static Path freshDirectory(Path parent, String name) throws IOException {
        Path dir = parent.resolve(name);
        delete(dir);
        Files.createDirectories(dir);
        return dir;
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
