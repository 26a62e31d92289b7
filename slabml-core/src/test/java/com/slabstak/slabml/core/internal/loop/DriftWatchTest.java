/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.evaluation.FieldComparators;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The "correction rate rose" retrain trigger: a baseline after the promotion, then a confidence sequence. */
class DriftWatchTest {
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final String MODEL = "ft:gpt-4o-mini-2024-07-18:card-identification:1";
    private static final Map<String, Object> PREDICTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "57");
    private static final Map<String, Object> CORRECTION = Map.of("player", "Michael Jordan", "year", "1986-87",
        "brand", "Fleer", "card_number", "58");

    private MutableClock clock;
    private ProductionLogStore log;
    private Instant promotedAt;
    private final SplittableRandom random = new SplittableRandom(7);
    private long sequence;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-11-28T08:00:00Z");
        log = MemoryStores.create().productionLog();
        promotedAt = clock.instant();
    }

    /** {@code n} records of the model, each corrected with probability {@code rate}, a minute apart. */
    private void serve(int n, double rate) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofMinutes(1));
            log.append(ProductionRecord.builder().id("r" + sequence++).timestamp(clock.instant()).task(CARD)
                .modelId(MODEL).arm(Arm.CANDIDATE).prediction(PREDICTION)
                .correction(random.nextDouble() < rate ? CORRECTION : Map.of()).build());
        }
    }

    private DriftWatch watch() {
        return new DriftWatch(log, FieldComparators.generic(), CARD, MODEL, promotedAt, 300, 0.01);
    }

    @Test
    void check_correctionRateDoubles_firesWithTheCounts() {
        DriftWatch watch = watch();
        serve(300, 0.10);
        assertThat(watch.check(clock.instant())).isEmpty();

        // across a month boundary: the watch reads December's records too
        serve(3_000, 0.25);
        Optional<RetrainReason> reason = watch.check(clock.instant());

        assertThat(reason).hasValueSatisfying(r -> {
            assertThat(r.text()).contains("correction rate of " + MODEL + " rose").contains("confidence sequence");
            assertThat(r.numbers()).containsEntry("baseline_volume", 300.0).containsKey("recent_corrections");
            assertThat(r.numbers().get("difference_lower")).isPositive();
            assertThat(r.numbers().get("recent_volume")).isPositive().isLessThanOrEqualTo(3_000.0);
        });
    }

    @Test
    void check_sameRateCheckedOften_neverFires() {
        DriftWatch watch = watch();
        serve(300, 0.10);
        for (int i = 0; i < 60; i++) {
            serve(50, 0.10);
            assertThat(watch.check(clock.instant())).isEmpty();
        }
    }

    @Test
    void watches_otherModelOrPromotion_isFalse() {
        DriftWatch watch = watch();

        assertThat(watch.watches(MODEL, promotedAt)).isTrue();
        assertThat(watch.watches("gpt-4o-mini-2024-07-18", promotedAt)).isFalse();
        assertThat(watch.watches(MODEL, promotedAt.plusSeconds(1))).isFalse();
    }
}
