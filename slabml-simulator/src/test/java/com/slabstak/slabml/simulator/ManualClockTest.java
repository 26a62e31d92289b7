/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void advance_positiveDuration_movesInstantForward() {
        // given
        ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T10:00:00Z"));
        // when
        Instant after = clock.advance(Duration.ofMinutes(5));
        // then
        assertThat(after).isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
        assertThat(clock.instant()).isEqualTo(after);
        assertThat(clock.millis()).isEqualTo(after.toEpochMilli());
    }

    @Test
    void advance_negativeDuration_throwsAndKeepsTime() {
        ManualClock clock = ManualClock.create();
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
    }

    @Test
    void set_earlierInstant_movesBack() {
        ManualClock clock = ManualClock.create();
        clock.set(Instant.EPOCH);
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void withZone_otherZone_sharesTimeAndReportsZone() {
        // given
        ManualClock clock = ManualClock.create();
        ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        // when
        clock.advance(Duration.ofHours(1));
        // then
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isEqualTo(clock.instant());
        assertThat(clock.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
        assertThat(paris).isNotEqualTo(clock);
        assertThat(clock.withZone(clock.getZone())).isSameAs(clock);
    }
}
