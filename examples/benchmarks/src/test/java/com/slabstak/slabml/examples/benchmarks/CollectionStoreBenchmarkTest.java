/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the collection store harness for a fraction of a second per measurement: every row of the
 * table is produced, the acknowledged-through-futures runs account for every record (the harness
 * throws otherwise), and the data directory is removed. The numbers themselves mean nothing here.
 */
class CollectionStoreBenchmarkTest {

    @Test
    void harness_shortRun_printsEveryRowAndCleansUp(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("bench-data");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CollectionStoreBenchmark.main(new String[] {"--dir", data.toString(), "--seconds", "0.2",
                "--latency-seconds", "0.2", "--rate", "5000", "--threads", "4", "--many-threads", "8", "--window", "64"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);

        assertThat(out)
            .contains("| ASYNC caller latency, 1 thread at 5000 calls/s")
            .contains("| BATCH acknowledged through appendAsync, 1 caller thread, up to 64 in flight each | ")
            .contains("| BATCH acknowledged through appendAsync, 4 caller threads, up to 64 in flight each | ")
            .contains("| BATCH acknowledged through collectAsync, 1 caller thread, up to 64 in flight each | ")
            .contains("| simple open-append-close with force, 1 thread | ")
            .contains("| BATCH acknowledged through appendAsync / simple with force (1 thread each) | ")
            .contains(" 0 rejected")
            .doesNotContain(" NaN");
        assertThat(Files.exists(data)).isFalse();
    }
}
