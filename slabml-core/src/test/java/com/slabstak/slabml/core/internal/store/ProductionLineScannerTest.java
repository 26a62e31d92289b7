/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.core.internal.analysis.MonthTally;
import com.slabstak.slabml.spi.MonthAggregate;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class ProductionLineScannerTest {
    private final ProductionLineScanner scanner = new ProductionLineScanner();
    private final MonthTally tally = new MonthTally();

    @Test
    void scan_storedLine_readsTheFieldsAndSkipsTheRest() {
        ProductionLineScanner.Result r = scan("{\"id\":\"a\",\"model_id\":\"m\",\"arm\":\"candidate\",\"subject\":\"u \\\"q\\\" \\\\\","
            + "\"corrected\":true,\"corrected_fields\":[\"year\",\"grade\"],\"rating\":4,\"latency_ms\":812,"
            + "\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":60},"
            + "\"prediction\":{\"player\":\"{[\\\"]}\",\"n\":[1,{\"x\":null}],\"f\":1.5e3},\"correction\":{\"year\":\"1987\"}}");

        assertThat(r).isEqualTo(ProductionLineScanner.Result.COUNTED);
        MonthAggregate.Group g = group(Arm.CANDIDATE);
        assertThat(g.records()).isEqualTo(1);
        assertThat(g.corrected()).isEqualTo(1);
        assertThat(g.correctedFields()).containsOnlyKeys("year", "grade");
        assertThat(g.ratingSum()).isEqualTo(4);
        assertThat(g.latency().p50()).isEqualTo(812);
        assertThat(g.totalTokens()).isEqualTo(360);
    }

    @Test
    void scan_correctionWithoutJudgement_unjudgedAndNotCounted() {
        assertThat(scan("{\"model_id\":\"m\",\"arm\":\"base\",\"correction\":{ \"year\" : \"1987\" }}"))
            .isEqualTo(ProductionLineScanner.Result.UNJUDGED);
        assertThat(tally.aggregate(YearMonth.of(2026, 11)).groups()).isEmpty();
    }

    @Test
    void scan_emptyCorrectionAndNullValues_countedAsNotCorrected() {
        assertThat(scan(" { \"model_id\" : \"m\" , \"arm\" : \"fallback\" , \"rating\" : null , \"correction\" : { } } \r"))
            .isEqualTo(ProductionLineScanner.Result.COUNTED);
        assertThat(group(Arm.FALLBACK).corrected()).isZero();
        assertThat(group(Arm.FALLBACK).ratings()).isZero();
    }

    @Test
    void scan_whatItIsNotSureOf_unsureAndNotCounted() {
        assertThat(scan("{\"model_id\":\"m\\u0041\",\"arm\":\"base\"}")).isEqualTo(ProductionLineScanner.Result.UNSURE);
        assertThat(scan("{\"model_id\":\"m\",\"arm\":\"base\",\"rating\":4.0}")).isEqualTo(ProductionLineScanner.Result.UNSURE);
        assertThat(scan("{\"model_id\":\"m\",\"arm\":\"base\",\"rating\":9}")).isEqualTo(ProductionLineScanner.Result.UNSURE);
        assertThat(scan("{\"model_id\":\"m\",\"arm\":\"other\"}")).isEqualTo(ProductionLineScanner.Result.UNSURE);
        assertThat(scan("{\"arm\":\"base\"}")).isEqualTo(ProductionLineScanner.Result.UNSURE);
        assertThat(scan("{\"model_id\":\"m\",\"arm\":\"base\"} trailing")).isEqualTo(ProductionLineScanner.Result.UNSURE);
        assertThat(scan("[1,2]")).isEqualTo(ProductionLineScanner.Result.UNSURE);
        assertThat(tally.aggregate(YearMonth.of(2026, 11)).groups()).isEmpty();
    }

    private ProductionLineScanner.Result scan(String line) {
        byte[] framed = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        return scanner.scan(framed, 2, framed.length - 4, tally);
    }

    private MonthAggregate.Group group(Arm arm) {
        return tally.aggregate(YearMonth.of(2026, 11)).groups().stream().filter(g -> g.arm() == arm).findFirst()
            .orElseThrow();
    }
}
