/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static com.slabstak.slabml.core.internal.store.StoreTesting.T0;
import static com.slabstak.slabml.core.internal.store.StoreTesting.open;
import static com.slabstak.slabml.core.internal.store.StoreTesting.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.RecordLimits;
import com.slabstak.slabml.spi.Stores;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file store refuses, and that everything it accepts reads back. */
class InputLimitsTest {
    @TempDir
    Path dir;

    private static Map<String, Object> nested(int depth) {
        Map<String, Object> root = new HashMap<>();
        Map<String, Object> m = root;
        for (int i = 1; i < depth; i++) {
            Map<String, Object> child = new HashMap<>();
            m.put("a", child);
            m = child;
        }
        m.put("leaf", 1);
        return root;
    }

    private int stores;

    private void assertRefused(Sample s, String fieldStart) {
        try (Stores stores = open(dir.resolve("store" + this.stores++))) {
            assertThatThrownBy(() -> stores.samples().append(s))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).hasValueSatisfying(
                    f -> assertThat(f).startsWith(fieldStart)));
            assertThatThrownBy(() -> stores.samples().appendAsync(s)).isInstanceOf(InvalidInputException.class);
            stores.samples().append(sample("after"));
            try (Stream<Sample> read = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
                assertThat(read.map(x -> x.id().orElseThrow())).containsExactly("after");
            }
            assertThat(stores.samples().skippedLines()).isEmpty();
        }
    }

    @Test
    void append_originalNested999Deep_isRefusedNamingTheFieldAndTheStoreStaysReadable() {
        Sample s = sample("deep", TaskName.CARD_IDENTIFICATION, SampleSource.CORRECTION).toBuilder()
            .original(nested(999)).build();

        assertRefused(s, "original.a.a");
    }

    @Test
    void append_value100000Deep_isRefusedWithTheSameTypedError() {
        Map<String, Object> deep = nested(100_000);

        assertRefused(sample("deep").toBuilder().putInput("extra", deep).build(), "input.extra");
    }

    @Test
    void append_selfReferencingValue_isRefusedWithTheSameTypedError() {
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("self", loop);
        List<Object> list = new ArrayList<>();
        list.add(list);

        assertRefused(sample("m").toBuilder().putInput("loop", loop).build(), "input.loop");
        assertRefused(sample("l").toBuilder().putInput("loop", list).build(), "input.loop");
    }

    @Test
    void append_numberOf1001Digits_isRefused() {
        BigInteger huge = BigInteger.TEN.pow(1_000);

        assertRefused(sample("n").toBuilder().putOutput("price", huge).build(), "output.price");
    }

    @Test
    void append_stringOverTheLimit_isRefused() {
        String big = "x".repeat(RecordLimits.MAX_STRING_CHARS + 1);

        assertRefused(sample("s").toBuilder().putInput("ocr_text", big).build(), "input.ocr_text");
    }

    @Test
    void append_keyOverTheLimit_isRefused() {
        String key = "k".repeat(RecordLimits.MAX_KEY_CHARS + 1);

        assertRefused(sample("k").toBuilder().putInput(key, "v").build(), "input.kkkk");
    }

    @Test
    void append_recordOverTheSizeLimit_isRefusedAsAWhole() {
        Sample.Builder b = sample("big").toBuilder();
        for (int i = 0; i < 3; i++) {
            b.putInput("part" + i, "y".repeat(RecordLimits.MAX_STRING_CHARS));
            b.putOutput("part" + i, "z".repeat(RecordLimits.MAX_STRING_CHARS));
        }

        assertRefused(b.build(), "sample");
    }

    @Test
    void append_loneSurrogateInAnyText_isRefusedNamingTheField() {
        Sample base = sample("u", TaskName.CARD_IDENTIFICATION, SampleSource.CORRECTION);

        assertRefused(base.toBuilder().putInput("ocr_text", "JORDAN \uD800 57").build(), "input.ocr_text");
        assertRefused(base.toBuilder().userId("user\uDC00").build(), "user_id");
        assertRefused(base.toBuilder().addCorrectedField("pl\uD83Dayer").build(), "corrected_fields[1]");
        assertRefused(base.toBuilder().putOutput("k\uDFFF", "v").build(), "output.k\\udfff");
    }

    @Test
    void append_pairedSurrogatesAndEdgeText_readBackExactly() {
        String text = "emoji \uD83D\uDE00 nul \u0000 line\u2028sep quote\" back\\ \uFFFF end";
        Sample s = sample("e").toBuilder().putInput("ocr_text", text).putInput("\uD83D\uDE00 key", text).build();

        try (Stores stores = open(dir)) {
            stores.samples().append(s);
        }
        try (Stores stores = open(dir); Stream<Sample> read = stores.samples().read(TaskName.CARD_IDENTIFICATION)) {
            assertThat(read.findFirst().orElseThrow().input()).isEqualTo(s.input());
        }
    }

    @Test
    void productionAppend_predictionNested999Deep_isRefusedAndTheMonthStaysReadable() throws Exception {
        ProductionRecord deep = ProductionRecord.builder().id("r1").timestamp(T0)
            .task(TaskName.CARD_IDENTIFICATION).modelId("m").arm(Arm.BASE).prediction(nested(999)).build();

        try (Stores stores = open(dir)) {
            assertThatThrownBy(() -> stores.productionLog().append(deep))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("prediction.a");
            stores.productionLog().append(deep.toBuilder().id("r2").prediction(Map.of("player", "x")).build());
        }
        try (Stores stores = open(dir); Stream<ProductionRecord> read = stores.productionLog().read(YearMonth.of(2026, 11))) {
            assertThat(read.map(r -> r.id().orElseThrow())).containsExactly("r2");
        }
        assertThat(Files.readString(dir.resolve("evaluation_results/production_log_202611.jsonl"))).doesNotContain("r1");
    }
}
