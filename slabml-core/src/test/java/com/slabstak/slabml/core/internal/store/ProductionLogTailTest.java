/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the production log from a position decodes only what was stored after it. */
class ProductionLogTailTest {
    private static final YearMonth MONTH = YearMonth.of(2026, 11);

    @TempDir
    Path dir;

    private long sequence;

    private void append(ProductionLogStore log, int n) {
        for (int i = 0; i < n; i++) {
            log.append(ProductionRecord.builder().id("r" + sequence).timestamp(StoreTesting.T0.plusSeconds(sequence))
                .task(TaskName.CARD_IDENTIFICATION).modelId("base").arm(Arm.BASE)
                .prediction(Map.of("player", "Michael Jordan", "n", sequence)).build());
            sequence++;
        }
    }

    /** Follows the log to its end from {@code position}, counting the lines decoded; returns the new position. */
    private String follow(Path root, String position, AtomicLong decoded, List<ProductionRecord> into) {
        SegmentedFile file = new SegmentedFile(root, root.resolve("evaluation_results"), "production_log_202611", 65536);
        ProductionLogStore.Page page;
        do {
            page = ProductionLogTail.read(file.segments(), root, position, 1000, (line, name, number) -> {
                decoded.incrementAndGet();
                return RecordCodec.readProductionRecord(line, name, number);
            });
            into.addAll(page.records());
            position = page.position();
        } while (page.records().size() == 1000);
        return position;
    }

    @Test
    void read_growingLog_decodesOnlyTheRecordsAppendedSinceTheLastPosition() {
        try (Stores stores = StoreTesting.open(dir, "slabml.store.production_log.max_file_bytes", "65536")) {
            ProductionLogStore log = stores.productionLog();
            List<ProductionRecord> seen = new ArrayList<>();
            String position = ProductionLogStore.START;
            List<Long> logSizes = new ArrayList<>();
            List<Long> decodedPerCheck = new ArrayList<>();

            for (int size : new int[] {1_000, 5_000, 20_000}) {
                append(log, size - (int) sequence);
                log.months(); // waits until the writer has written what was appended
                position = follow(dir, position, new AtomicLong(), seen);
                append(log, 200);
                log.months();
                AtomicLong decoded = new AtomicLong();
                position = follow(dir, position, decoded, seen);
                logSizes.add(sequence);
                decodedPerCheck.add(decoded.get());
            }

            assertThat(logSizes).containsExactly(1_200L, 5_200L, 20_200L);
            assertThat(decodedPerCheck).containsExactly(200L, 200L, 200L);
            assertThat(seen).extracting(r -> r.id().orElseThrow()).doesNotHaveDuplicates().hasSize((int) sequence)
                .startsWith("r0", "r1").endsWith("r" + (sequence - 1));
            AtomicLong atEnd = new AtomicLong();
            follow(dir, position, atEnd, new ArrayList<>());
            assertThat(atEnd).hasValue(0);
        }
    }

    @Test
    void readAfter_fileStore_pagesThroughAMonthAcrossSegmentsInOrder() {
        try (Stores stores = StoreTesting.open(dir, "slabml.store.production_log.max_file_bytes", "4096")) {
            ProductionLogStore log = stores.productionLog();
            append(log, 700);
            List<ProductionRecord> all = new ArrayList<>();
            String position = ProductionLogStore.START;
            ProductionLogStore.Page page;
            do {
                page = log.readAfter(MONTH, position, 64);
                all.addAll(page.records());
                position = page.position();
            } while (!page.records().isEmpty());

            try (var stream = log.read(MONTH)) {
                assertThat(all).containsExactlyElementsOf(stream.toList());
            }
            assertThat(all).hasSize(700);
            assertThat(log.readAfter(MONTH.plusMonths(1), ProductionLogStore.START, 10).records()).isEmpty();
        }
    }

    @Test
    void readAfter_positionOfAnotherStore_failsNamingThePosition() {
        try (Stores stores = StoreTesting.open(dir)) {
            assertThatThrownBy(() -> stores.productionLog().readAfter(MONTH, "seventeen", 10))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("position").hasMessageContaining("seventeen");
        }
    }
}
