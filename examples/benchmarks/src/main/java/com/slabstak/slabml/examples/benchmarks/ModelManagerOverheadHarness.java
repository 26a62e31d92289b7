/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import java.io.IOException;

/**
 * Paired measurement of the model manager's overhead: direct backend calls and calls through the
 * model manager alternate (in ABBA order), so both see the same machine load, and the report gives
 * each side's percentiles and the percentiles of the per-pair difference. Complements
 * {@link ModelManagerOverheadBenchmark}, whose separate runs drift apart on a busy machine.
 *
 * {@code java -Dsun.net.httpserver.nodelay=true -cp examples/benchmarks/target/benchmarks.jar com.slabstak.slabml.examples.benchmarks.ModelManagerOverheadHarness 20000}
 */
public final class ModelManagerOverheadHarness {
    private ModelManagerOverheadHarness() {
    }

    /** Runs {@code args[0]} warm-up pairs, then as many measured pairs (default 20,000), per backend. */
    public static void main(String[] args) throws IOException {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        for (String backend : new String[] {"in-process", "fake-server"}) {
            ModelManagerOverheadBenchmark bench = new ModelManagerOverheadBenchmark();
            bench.backend = backend;
            bench.setUp();
            try {
                run(bench, pairs, false);
                Percentiles[] p = run(bench, pairs, true);
                System.out.printf("%-11s pairs=%d direct p50=%s p99=%s | managed p50=%s p99=%s | "
                        + "paired overhead p50=%s p90=%s p99=%s%n",
                    backend, pairs,
                    Percentiles.micros(p[0].at(0.50)), Percentiles.micros(p[0].at(0.99)),
                    Percentiles.micros(p[1].at(0.50)), Percentiles.micros(p[1].at(0.99)),
                    Percentiles.micros(p[2].at(0.50)), Percentiles.micros(p[2].at(0.90)),
                    Percentiles.micros(p[2].at(0.99)));
            } finally {
                bench.tearDown();
            }
        }
    }

    private static Percentiles[] run(ModelManagerOverheadBenchmark bench, int pairs, boolean record) {
        Percentiles direct = new Percentiles(pairs);
        Percentiles managed = new Percentiles(pairs);
        Percentiles overhead = new Percentiles(pairs);
        for (int i = 0; i < pairs; i++) {
            long d;
            long m;
            if (i % 2 == 0) {
                d = timeDirect(bench);
                m = timeManaged(bench);
            } else {
                m = timeManaged(bench);
                d = timeDirect(bench);
            }
            if (record) {
                direct.record(d);
                managed.record(m);
                overhead.record(m - d);
            }
        }
        return new Percentiles[] {direct, managed, overhead};
    }

    private static long timeDirect(ModelManagerOverheadBenchmark bench) {
        long start = System.nanoTime();
        if (bench.direct() == null) {
            throw new IllegalStateException("no response");
        }
        return System.nanoTime() - start;
    }

    private static long timeManaged(ModelManagerOverheadBenchmark bench) {
        long start = System.nanoTime();
        if (bench.managed() == null) {
            throw new IllegalStateException("no prediction");
        }
        return System.nanoTime() - start;
    }
}
