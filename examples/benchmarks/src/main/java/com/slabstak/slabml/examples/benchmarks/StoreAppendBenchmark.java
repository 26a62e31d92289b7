/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH view of one append's caller latency ({@code SampleTime}: percentiles per call) with the caller
 * appending flat out. Unlike the paced run of {@link CollectionStoreBenchmark}, this saturates the
 * store: once the writer falls behind, the queue fills and the percentiles include the time callers
 * block for room (the {@code BLOCK} policy), so read its tail as "latency under overload".
 *
 * {@code java -jar examples/benchmarks/target/benchmarks.jar StoreAppendBenchmark -p durability=ASYNC}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StoreAppendBenchmark {
    @Param({"ASYNC", "BATCH"})
    public String durability;

    private Path dir;
    private Stores stores;
    private Sample[] pool;
    private int next;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("slabml-jmh");
        stores = Workload.open(dir, durability, Map.of("slabml.store.queue_capacity", "1048576"));
        pool = Workload.samples(4096);
    }

    @Benchmark
    public void append() {
        stores.samples().append(Workload.unique(pool[next++ & (pool.length - 1)]));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        stores.close();
        Workload.delete(dir);
    }
}
