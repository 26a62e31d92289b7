/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.loop;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.LoopStatus;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.core.FileStores;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.StateStore;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A loop runner in a child JVM, on the file store and the simulated providers, its manual clock
 * starting at the given instant: it runs the loop, serving traffic while a rollout waits for it,
 * until the loop monitors. With a kill point it SIGKILLs itself: {@code after} its first write of
 * the loop state (persisted, not acted on), or {@code before} its second (acted on, not persisted).
 *
 * <p>Arguments: data directory, start instant, kill point ({@code after}, {@code before} or
 * {@code none}), seed of the traffic.
 */
public final class LoopRunnerProcess {
    static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    static final Map<String, String> CONFIG = Map.of(
        "slabml.store.provider", "file",
        "slabml.fine_tuning.provider", "simulated",
        "slabml.inference.provider", "simulated",
        "slabml.guardrail.check_every", "0",
        "slabml.loop.stage_min_volume", "60",
        "slabml.loop.stage_min_time", "30m",
        "slabml.loop.lease_ttl", "1s");

    private LoopRunnerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ManualClock clock = ManualClock.at(Instant.parse(args[1]));
        String kill = args[2];
        CardSampleGenerator traffic = CardSampleGenerator.create(Long.parseLong(args[3]));
        Stores files = FileStores.open(ProviderContext.of(SlabMlConfig.of(CONFIG), dir, clock));
        Stores stores = new Stores(files.samples(), files.productionLog(), files.registry(), files.jobs(),
            new Killing(files.state(), kill));
        SlabMl.Builder b = SlabMl.builder().dataDirectory(dir).clock(clock).stores(stores);
        CONFIG.forEach(b::putConfig);
        try (SlabMl ml = b.build()) {
            System.out.println("ready");
            int served = 0;
            for (int i = 0; i < 200; i++) {
                LoopStatus s = ml.loop().runOnce(CARD);
                if (s.step() == LoopStep.MONITOR) {
                    System.out.println("monitoring");
                    break;
                }
                if (s.step() == LoopStep.ROLLOUT) {
                    for (CardSampleGenerator.CardSample c : traffic.cards(100)) {
                        String user = String.format(Locale.ROOT, "user-%s-%05d", args[3], served++);
                        Prediction<CardData> p = ml.models().identifyCard(c.ocrText(), RequestContext.forSubject(user));
                        ProductionRecord.Builder r = ProductionRecord.builder().task(CARD)
                            .modelId(p.metadata().modelUsed()).arm(p.metadata().arm()).prediction(p.value().toMap())
                            .subject(user);
                        if (!p.value().player().equals(c.card().player())) {
                            r.correction(c.card().toMap());
                        }
                        ml.evaluator().trackProduction(r.build());
                        clock.advance(Duration.ofSeconds(20));
                    }
                } else {
                    clock.advance(Duration.ofMinutes(30));
                }
            }
        }
        files.close();
    }

    /** The file state store, SIGKILLing this process at the kill point. */
    private static final class Killing implements StateStore {
        private final StateStore state;
        private final String kill;
        private int writes;

        Killing(StateStore state, String kill) {
            this.state = state;
            this.kill = kill;
        }

        @Override
        public Optional<Versioned> get(String key) {
            return state.get(key);
        }

        @Override
        public OptionalLong compareAndSet(String key, long expectedVersion, String value) {
            boolean loopState = key.equals("loop/" + CARD.value());
            if (loopState && kill.equals("before") && writes == 1) {
                die();
            }
            OptionalLong v = state.compareAndSet(key, expectedVersion, value);
            if (loopState && v.isPresent()) {
                writes++;
                if (kill.equals("after")) {
                    die();
                }
            }
            return v;
        }

        @Override
        public boolean tryAcquireLease(String name, String owner, Duration ttl) {
            return state.tryAcquireLease(name, owner, ttl);
        }

        @Override
        public void releaseLease(String name, String owner) {
            state.releaseLease(name, owner);
        }

        private static void die() {
            System.out.println("killed");
            System.out.flush();
            try {
                new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                Thread.sleep(60_000);
            } catch (Exception e) {
                Runtime.getRuntime().halt(137);
            }
        }
    }
}
