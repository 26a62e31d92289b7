/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.internal.analysis.MonthTally;
import com.slabstak.slabml.spi.MonthAggregate;
import com.slabstak.slabml.spi.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductionLogScannerTest {
    private static final YearMonth MONTH = YearMonth.of(2026, 11);

    @TempDir
    Path dir;

    @Test
    void aggregate_smallRangesOnTwoThreads_sameAsReadingEveryRecord() {
        List<Path> segments = write(2_000, "slabml.store.max_file_bytes", "30000", "slabml.store.max_batch", "32");
        assertThat(segments).hasSizeGreaterThan(3);

        MonthAggregate scanned = new ProductionLogScanner(dir, FileProductionLogStore::differingFields, 2, 997)
            .aggregate(MONTH, segments);

        assertThat(scanned).isEqualTo(streamed());
        assertThat(scanned.groups().stream().filter(g -> g.arm() == null).mapToLong(MonthAggregate.Group::records).sum())
            .isEqualTo(2_000);
    }

    @Test
    void aggregate_oneRangePerFileOnOneThread_sameAsReadingEveryRecord() {
        List<Path> segments = write(500);

        MonthAggregate scanned = new ProductionLogScanner(dir, FileProductionLogStore::differingFields, 1)
            .aggregate(MONTH, segments);

        assertThat(scanned).isEqualTo(streamed());
    }

    @Test
    void aggregate_tornLastLineAndCrLf_tornLineLeftOutWithoutCounting() throws IOException {
        List<Path> segments = write(10);
        Path last = segments.get(segments.size() - 1);
        Files.writeString(last, "{\"model_id\":\"m\",\"arm\":\"base\"}\r\n\n{\"model_id\":\"m\",\"arm\":\"ba",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        MonthAggregate scanned = new ProductionLogScanner(dir, FileProductionLogStore::differingFields, 2, 64)
            .aggregate(MONTH, segments);

        assertThat(scanned.skippedRecords()).isZero();
        assertThat(scanned.groups()).filteredOn(g -> g.model().equals("m") && g.arm() == null)
            .singleElement().extracting(MonthAggregate.Group::records).isEqualTo(1L);
    }

    @Test
    void aggregate_legacyLineWithCorrection_judgedByTheGivenFunction() throws IOException {
        Path file = dir.resolve("production_log_202611.jsonl");
        List<Path> segments = List.of(file);
        Files.writeString(file, "{\"model_id\":\"m\",\"arm\":\"base\",\"task\":\"card_identification\","
            + "\"prediction\":{\"year\":\"1986\"},\"correction\":{\"year\":\"1987\"}}\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        MonthAggregate scanned = new ProductionLogScanner(dir, r -> List.of("judged"), 1).aggregate(MONTH, segments);

        assertThat(scanned.groups()).filteredOn(g -> g.arm() == null).singleElement()
            .satisfies(g -> {
                assertThat(g.corrected()).isEqualTo(1);
                assertThat(g.correctedFields()).containsExactly(Map.entry("judged", 1L));
            });
    }

    private List<Path> write(int n, String... config) {
        try (Stores stores = StoreTesting.open(dir, config)) {
            for (int i = 0; i < n; i++) {
                ProductionRecord.Builder b = ProductionRecord.builder().id("r" + i).timestamp(StoreTesting.T0.plusSeconds(i))
                    .modelId(i % 3 == 0 ? "tuned" : "base").arm(Arm.values()[i % 3])
                    .putPrediction("year", "1986").putPrediction("player", "Michael Jordan")
                    .rating(i % 4 == 0 ? 1 + i % 5 : null)
                    .latencyMillis(i % 9 == 0 ? null : (long) (i * 37 % 5_000))
                    .usage(i % 5 == 0 ? null : new TokenUsage(100 + i % 50, i % 20));
                if (i % 6 == 0) {
                    b.putCorrection("year", "1987").correctedFields(List.of("year"));
                } else if (i % 7 == 0) {
                    b.putCorrection("player", "M. Jordan");
                } else if (i % 2 == 0) {
                    b.correctedFields(List.of());
                }
                stores.productionLog().append(b.build());
            }
        }
        return new SegmentedFile(dir, dir.resolve("evaluation_results"), "production_log_202611", Long.MAX_VALUE).segments();
    }

    private MonthAggregate streamed() {
        MonthTally tally = new MonthTally();
        try (Stores stores = StoreTesting.open(dir);
             Stream<ProductionRecord> s = stores.productionLog().read(MONTH)) {
            s.forEach(r -> tally.add(r, r.correctedFields().orElseGet(() -> FileProductionLogStore.differingFields(r))));
        }
        return tally.aggregate(MONTH);
    }
}
