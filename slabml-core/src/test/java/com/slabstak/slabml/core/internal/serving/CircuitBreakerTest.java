/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.core.internal.serving.CircuitBreaker.State;
import com.slabstak.slabml.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final MutableClock clock = MutableClock.at("2026-01-15T10:00:00Z");

    @Test
    void onFailure_consecutiveThresholdReached_opens() {
        CircuitBreaker b = breaker(3, 1.0, 20, 20);
        fail(b, 2);
        assertThat(b.state()).isEqualTo(State.CLOSED);
        fail(b, 1);
        assertThat(b.state()).isEqualTo(State.OPEN);
        assertThat(b.tryAcquire()).isFalse();
    }

    @Test
    void onSuccess_betweenFailures_resetsConsecutiveCount() {
        CircuitBreaker b = breaker(3, 1.0, 20, 20);
        fail(b, 2);
        succeed(b);
        fail(b, 2);
        assertThat(b.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void onFailure_rateOverWindowReached_opens() {
        // given: half of the last 10 calls failing, never two in a row
        CircuitBreaker b = breaker(5, 0.5, 10, 10);
        for (int i = 0; i < 4; i++) {
            fail(b, 1);
            succeed(b);
        }
        succeed(b);
        assertThat(b.state()).isEqualTo(State.CLOSED);
        // when: the tenth call fails, 5 of 10
        fail(b, 1);
        // then
        assertThat(b.state()).isEqualTo(State.OPEN);
    }

    @Test
    void onFailure_rateBelowMinimumCalls_staysClosed() {
        CircuitBreaker b = breaker(5, 0.5, 10, 10);
        fail(b, 1);
        succeed(b);
        fail(b, 1);
        assertThat(b.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void tryAcquire_afterCoolDown_oneProbeThenClosedOnSuccess() {
        // given
        CircuitBreaker b = breaker(1, 1.0, 20, 20);
        fail(b, 1);
        clock.advance(Duration.ofSeconds(29));
        assertThat(b.tryAcquire()).isFalse();
        // when
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.state()).isEqualTo(State.HALF_OPEN);
        boolean probe = b.tryAcquire();
        boolean concurrent = b.tryAcquire();
        b.onSuccess();
        // then
        assertThat(probe).isTrue();
        assertThat(concurrent).isFalse();
        assertThat(b.state()).isEqualTo(State.CLOSED);
        assertThat(b.tryAcquire()).isTrue();
    }

    @Test
    void onFailure_ofProbe_reopensForAnotherCoolDown() {
        CircuitBreaker b = breaker(1, 1.0, 20, 20);
        fail(b, 1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(b.tryAcquire()).isTrue();
        b.onFailure();
        assertThat(b.state()).isEqualTo(State.OPEN);
        clock.advance(Duration.ofSeconds(29));
        assertThat(b.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.tryAcquire()).isTrue();
    }

    @Test
    void release_ofProbeWithoutVerdict_letsTheNextProbeThrough() {
        CircuitBreaker b = breaker(1, 1.0, 20, 20);
        fail(b, 1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(b.tryAcquire()).isTrue();
        b.release();
        assertThat(b.tryAcquire()).isTrue();
    }

    private CircuitBreaker breaker(int consecutive, double rate, int window, int minimum) {
        return new CircuitBreaker(new CircuitBreaker.Settings(consecutive, rate, window, minimum, Duration.ofSeconds(30)), clock);
    }

    private static void fail(CircuitBreaker b, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(b.tryAcquire()).isTrue();
            b.onFailure();
        }
    }

    private static void succeed(CircuitBreaker b) {
        assertThat(b.tryAcquire()).isTrue();
        b.onSuccess();
    }
}
